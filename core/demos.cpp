// The one list of labs. Adding a lab is one line here; adding a demo is one `add` in its lab.
#include "registry.hpp"

namespace llplay {

namespace floats {
void register_demos(Registry& r);
}
namespace recursion {
void register_demos(Registry& r);
}
namespace json_lab {
void register_demos(Registry& r);
}
namespace parallel {
void register_demos(Registry& r);
}
namespace memory {
void register_demos(Registry& r);
}
namespace sql {
void register_demos(Registry& r);
}

const Registry& registry() {
  static const Registry all = [] {
    Registry r;
    floats::register_demos(r);
    memory::register_demos(r);
    recursion::register_demos(r);
    json_lab::register_demos(r);
    parallel::register_demos(r);
    sql::register_demos(r);
    return r;
  }();
  return all;
}

}  // namespace llplay
