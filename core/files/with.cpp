// `with` and file descriptors, modelled step by step. The programs they print are what the tests run in each
// CPython version; the traces must match line for line.
#include "with.hpp"

#include "../error.hpp"

namespace llplay::files {

namespace {

const char* behaviour_name(Behaviour b) {
  switch (b) {
    case Behaviour::enter:
      return "enter";
    case Behaviour::exit:
      return "exit";
    case Behaviour::suppress:
      return "suppress";
    case Behaviour::ok:
      break;
  }
  return "ok";
}

const char* manager_class = R"py(class CM:
    def __init__(self, name, fail):
        self.name, self.fail = name, fail

    def __enter__(self):
        print(f"{self.name}.__enter__()")
        if self.fail == "enter":
            raise OSError(f"{self.name}: enter failed")
        return self

    def __exit__(self, exc_type, exc, tb):
        print(f"{self.name}.__exit__({exc!r})")
        if self.fail == "exit":
            raise RuntimeError(f"{self.name}: exit failed")
        return self.fail == "suppress"   # True swallows the exception

)py";

/// The exceptions raised so far, each with the index of its __context__ (-1: None).
struct Raised {
  std::vector<std::pair<std::string, int>> all;
  int raise(std::string repr, int context) {
    all.push_back({std::move(repr), context});
    return static_cast<int>(all.size()) - 1;
  }
};

}  // namespace

// llplay:source with.order
WithRun run_with(const std::vector<Behaviour>& managers, bool body_raises, bool exit_stack) {
  if (managers.empty() || managers.size() > 8) throw Error(ErrorCode::BadParams, "managers: 1 to 8");
  WithRun out;
  auto name = [](std::size_t i) { return std::string(1, static_cast<char>('A' + i)); };
  Raised raised;
  int in_flight = -1;  // the exception propagating now, or -1
  std::size_t entered = 0;
  for (; entered < managers.size(); ++entered) {  // __enter__, left to right
    out.trace.push_back(name(entered) + ".__enter__()");
    if (managers[entered] == Behaviour::enter) {
      in_flight = raised.raise("OSError('" + name(entered) + ": enter failed')", -1);
      break;
    }
  }
  if (in_flight < 0) {
    out.trace.push_back("body");
    if (body_raises) in_flight = raised.raise("ValueError('body failed')", -1);
  }
  // An ExitStack runs every __exit__ from its own __exit__: a new exception gets the one passed to that
  // callback as its __context__ only if ExitStack.__exit__ itself was called with an exception
  // (_fix_exception_context); a with statement gives it whatever is propagating.
  const int stack_entered_with = in_flight;
  for (std::size_t i = entered; i-- > 0;) {  // __exit__, right to left, each seeing what is in flight
    out.trace.push_back(name(i) + ".__exit__(" + (in_flight >= 0 ? raised.all[in_flight].first : "None") +
                        ")");
    if (managers[i] == Behaviour::exit) {
      int context = exit_stack && stack_entered_with < 0 ? -1 : in_flight;
      in_flight = raised.raise("RuntimeError('" + name(i) + ": exit failed')", context);
    } else if (managers[i] == Behaviour::suppress) {
      in_flight = -1;  // __exit__ returned True: the exception stops here
    }
  }
  if (in_flight >= 0) {
    out.trace.push_back("propagates: " + raised.all[in_flight].first);
    for (int c = raised.all[in_flight].second; c >= 0; c = raised.all[c].second)
      out.trace.push_back("  during: " + raised.all[c].first);
  } else {
    out.trace.push_back("after the with");
  }
  // llplay:end

  std::string program = std::string(exit_stack ? "from contextlib import ExitStack\n\n" : "") + manager_class;
  program += "try:\n";
  if (exit_stack) {
    program += "    with ExitStack() as stack:\n";
    for (std::size_t i = 0; i < managers.size(); ++i)
      program += "        " + std::string(1, static_cast<char>('a' + i)) + " = stack.enter_context(CM(\"" +
                 name(i) + "\", \"" + behaviour_name(managers[i]) + "\"))\n";
  } else {
    program += "    with ";
    for (std::size_t i = 0; i < managers.size(); ++i)
      program += std::string(i ? ", " : "") + "CM(\"" + name(i) + "\", \"" + behaviour_name(managers[i]) +
                 "\") as " + std::string(1, static_cast<char>('a' + i));
    program += ":\n";
  }
  const std::string indent = "        ";
  program += indent + "print(\"body\")\n";
  if (body_raises) program += indent + "raise ValueError(\"body failed\")\n";
  program +=
      "    print(\"after the with\")\n"
      "except Exception as e:\n"
      "    print(f\"propagates: {e!r}\")\n"
      "    while e.__context__ is not None:\n"
      "        e = e.__context__\n"
      "        print(f\"  during: {e!r}\")\n";
  out.program = std::move(program);
  return out;
}

// llplay:source with.leak
LeakRun run_leak(Holding holding, std::int64_t iterations, std::int64_t limit, RunContext& ctx) {
  LeakRun out;
  std::int64_t open = 3;  // stdin, stdout, stderr
  out.peak_open = open;
  for (std::int64_t i = 0; i < iterations; ++i) {
    if ((i & 0xFFFF) == 0) ctx.checkpoint(static_cast<double>(i) / static_cast<double>(iterations));
    if (open >= limit) {  // open() needs the lowest free descriptor below the limit: there is none
      out.failed_at = i;
      out.error = "OSError: [Errno 24] Too many open files: 'data.txt'";
      break;
    }
    ++open;  // open() succeeded: a new descriptor
    ++out.opened;
    out.peak_open = std::max(out.peak_open, open);
    switch (holding) {
      case Holding::with:    // __exit__ closes it at the end of the block
      case Holding::rebind:  // `f = open(...)`: the old file object's count reaches 0 when f is rebound,
                             // after the new file is open: two at once, then one
        if (open > 4 || holding == Holding::with) --open;
        break;
      case Holding::keep:       // still referenced from the list
      case Holding::cycle:      // unreachable, but only the cycle collector could free it, and it is off
      case Holding::traceback:  // exception -> traceback -> frame -> local f
        break;
    }
  }
  out.open_at_end = open;
  // llplay:end
  static const char* loops[] = {
      "for i in range(n):\n    with open('data.txt') as f:\n        f.read(1)\n",
      "for i in range(n):\n    f = open('data.txt')   # the previous f is closed when its last reference "
      "goes\n"
      "    f.read(1)\n",
      "files = []\nfor i in range(n):\n    files.append(open('data.txt'))\n",
      "import gc\ngc.disable()\n\nclass Holder:\n    def __init__(self, f):\n        self.f, self.me = f, "
      "self   # a "
      "cycle\n\nfor i in range(n):\n    Holder(open('data.txt'))\n",
      "def read_first(i):\n    f = open('data.txt')\n    raise KeyError(i)   # f is a local of this "
      "frame\n\nerrors = "
      "[]\nfor i in range(n):\n    try:\n        read_first(i)\n    except KeyError as e:\n        "
      "errors.append(e)   # "
      "e.__traceback__ keeps the frame, and f, alive\n",
  };
  out.program = "import resource\nresource.setrlimit(resource.RLIMIT_NOFILE, (" + std::to_string(limit) +
                ", " + std::to_string(limit) + "))\nn = " + std::to_string(iterations) + "\n\n" +
                loops[static_cast<int>(holding)];
  return out;
}

}  // namespace llplay::files
