// Which CPython a figure describes. Demos that show a CPython figure or behaviour take `python` ("3.10" to
// "3.13", default "3.13", the newest on the project's machines) and say in their result which one they
// describe; tests check each against that version's own interpreter (tests/support/pythons.py).
#pragma once

#include <string>

#include "registry.hpp"

namespace llplay::python {

/// The versions the playground models, oldest first (so they compare with < and >=).
enum class Version { v3_10, v3_11, v3_12, v3_13 };

/// The `python` parameter, the same in every demo that takes it.
inline ParamSpec param() {
  return {"python", ParamType::choice, "CPython version", "3.13", 0, 0, {"3.10", "3.11", "3.12", "3.13"}};
}

/// The version a validated `python` parameter names.
inline Version version(const Params& p) {
  const std::string& v = p.string("python");
  return v == "3.10"   ? Version::v3_10
         : v == "3.11" ? Version::v3_11
         : v == "3.12" ? Version::v3_12
                       : Version::v3_13;
}

}  // namespace llplay::python
