// The sandbox's object model: type names and addresses as CPython prints them.
#include "sandbox_objects.hpp"

#include <cstdio>

namespace llplay::memory::sandbox {

const char* type_name(Kind k) {
  switch (k) {
    case Kind::none:
      return "NoneType";
    case Kind::boolean:
      return "bool";
    case Kind::integer:
      return "int";
    case Kind::text:
      return "str";
    case Kind::list:
      return "list";
    case Kind::tuple:
      return "tuple";
    case Kind::node:
      return "Node";
    case Kind::phoenix:
      return "Phoenix";
    case Kind::weakref:
      return "weakref";
  }
  return "object";
}

std::string hex(Id id) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(id));
  return text;
}

}  // namespace llplay::memory::sandbox
