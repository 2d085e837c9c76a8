// The async lab's interpreter and event loop. Each Python coroutine runs as a chain of C++20
// coroutines; the loop is CPython's BaseEventLoop._run_once (a FIFO ready queue, a heapq of timers,
// a virtual clock), and tasks, futures, gather, wait_for, timeout and TaskGroup follow the asyncio
// sources of each version line by line where ordering depends on them.
#include "runtime.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "../float_text.hpp"
#include "syntax.hpp"

// libc++ 13 (Emscripten 3.1.6) has coroutines only as <experimental/coroutine>; GCC's libstdc++ has
// <coroutine>.
#if __has_include(<coroutine>)
#include <coroutine>
namespace llplay::aio::co {
using std::coroutine_handle;
using std::suspend_always;
}  // namespace llplay::aio::co
#else
#include <experimental/coroutine>
#pragma clang diagnostic ignored "-Wdeprecated-experimental-coroutine"
namespace llplay::aio::co {
using std::experimental::coroutine_handle;
using std::experimental::suspend_always;
}  // namespace llplay::aio::co
#endif

namespace llplay::aio {

namespace {

// ---------------------------------------------------------------- the coroutine type

/// A lazily started coroutine returning T. Awaiting one starts it on the awaiting thread of control:
/// if it finishes without suspending, the awaiter continues directly (no nested resumption, so a loop
/// of awaits that never suspend keeps the C++ stack flat); if it suspends, it resumes its awaiter
/// when it finishes.
template <class T>
class [[nodiscard]] Co {
 public:
  struct promise_type {
    T value{};
    std::exception_ptr error;
    co::coroutine_handle<> cont;
    bool inline_start = false;
    Co get_return_object() { return Co(co::coroutine_handle<promise_type>::from_promise(*this)); }
    co::suspend_always initial_suspend() noexcept { return {}; }
    /// On finishing, resume the awaiter unless it started this coroutine and is still inside that call
    /// (then it continues by itself). A plain call, not symmetric transfer: Emscripten 3.1.6 would need
    /// wasm tail calls for that. The stack grows by one resume per level of nesting at most.
    struct Final {
      bool await_ready() noexcept { return false; }
      void await_suspend(co::coroutine_handle<promise_type> h) noexcept {
        auto& p = h.promise();
        if (!p.inline_start && p.cont) p.cont.resume();
      }
      void await_resume() noexcept {}
    };
    Final final_suspend() noexcept { return {}; }
    void return_value(T v) { value = std::move(v); }
    void unhandled_exception() { error = std::current_exception(); }
  };
  using handle = co::coroutine_handle<promise_type>;

  explicit Co(handle h) : h_(h) {}
  Co(Co&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Co& operator=(Co&& o) noexcept {
    if (this != &o) {
      if (h_) h_.destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  Co(const Co&) = delete;
  ~Co() {
    if (h_) h_.destroy();
  }

  bool await_ready() const noexcept { return false; }
  bool await_suspend(co::coroutine_handle<> parent) {
    auto& p = h_.promise();
    p.cont = parent;
    p.inline_start = true;
    h_.resume();
    p.inline_start = false;
    return !h_.done();
  }
  T await_resume() {
    auto& p = h_.promise();
    if (p.error) std::rethrow_exception(p.error);
    return std::move(p.value);
  }

  handle h_;
};

// ---------------------------------------------------------------- values

/// Every object of a run; `tag` is its most derived type's `type_tag` (set by Interp::make), so the hot
/// type tests are a compare, not a dynamic_cast.
struct Obj {
  virtual ~Obj() = default;
  std::uint8_t tag = 0;
};

enum class K : std::uint8_t { none, boolean, integer, floating, object };

struct Value {
  K k = K::none;
  bool b = false;
  std::int64_t i = 0;
  double f = 0;
  Obj* o = nullptr;
};

Value none() { return {}; }
Value boolean(bool b) {
  Value v;
  v.k = K::boolean;
  v.b = b;
  return v;
}
Value integer(std::int64_t i) {
  Value v;
  v.k = K::integer;
  v.i = i;
  return v;
}
Value floating(double f) {
  Value v;
  v.k = K::floating;
  v.f = f;
  return v;
}
Value object(Obj* o) {
  Value v;
  v.k = K::object;
  v.o = o;
  return v;
}

struct StrObj : Obj {
  static constexpr std::uint8_t type_tag = 1;
  std::string s;
};
struct ListObj : Obj {
  static constexpr std::uint8_t type_tag = 2;
  std::vector<Value> items;
  bool tuple = false;
};
struct RangeObj : Obj {
  static constexpr std::uint8_t type_tag = 3;
  std::int64_t start = 0, stop = 0, step = 1;
};
struct ExcClass : Obj {
  static constexpr std::uint8_t type_tag = 4;
  std::string name;
  std::string module;  // "" for builtins
  ExcClass* base = nullptr;
  ExcClass* base2 = nullptr;
  ErrorCode code = ErrorCode::Exception;
};
struct ExcObj : Obj {
  static constexpr std::uint8_t type_tag = 5;
  ExcClass* cls = nullptr;
  std::vector<Value> args;
  std::vector<Value> group;  // exception groups: the sub-exceptions
};
struct TypeObj : Obj {  // type(x) for values that are not exceptions
  static constexpr std::uint8_t type_tag = 6;
  std::string name;
};
struct ClassObj;
struct FuncObj : Obj {
  static constexpr std::uint8_t type_tag = 7;
  const Stmt* def = nullptr;
  std::vector<Value> defaults;
};
struct ClassObj : Obj {
  static constexpr std::uint8_t type_tag = 8;
  std::string name;
  std::map<std::string, Value> attrs;
};
struct InstanceObj : Obj {
  static constexpr std::uint8_t type_tag = 9;
  ClassObj* cls = nullptr;
  std::map<std::string, Value> attrs;
};
struct MethodObj : Obj {
  static constexpr std::uint8_t type_tag = 10;
  FuncObj* fn = nullptr;
  Value self;
};
struct ModuleObj : Obj {
  static constexpr std::uint8_t type_tag = 11;
  std::string name;
};

enum class B {
  print,
  range,
  len,
  str,
  repr,
  type,
  now,
  isinstance,
  min,
  max,
  sum,
  abs,
  list,
  int_,
  float_,
  bool_,
  asyncio_run,
  sleep,
  create_task,
  gather,
  wait_for,
  timeout,
  task_group,
  time_sleep,
  fut_cancel,
  fut_done,
  fut_cancelled,
  fut_result,
  fut_exception,
  task_cancelling,
  task_uncancel,
  list_append,
  tg_create_task,
};
struct BuiltinObj : Obj {
  static constexpr std::uint8_t type_tag = 12;
  B id{};
  std::string name;
  Value self;
};

enum class CoroKind { user, sleep, wait_for, nothing };
struct CoroObj : Obj {
  static constexpr std::uint8_t type_tag = 13;
  CoroKind kind = CoroKind::user;
  FuncObj* fn = nullptr;
  std::vector<Value> args;  // bound: one per parameter (user); builtin arguments otherwise
  bool started = false;
  std::string name;
};

struct TaskObj;
struct FutureObj;
struct Callback {
  std::int64_t id = 0;
  std::function<void(FutureObj*)> fn;
  const char* what = "";
  TaskObj* task = nullptr;  // whose callback (for the page)
};

enum class FState { pending, cancelled, finished };
struct FutureObj : Obj {
  static constexpr std::uint8_t type_tag = 14;
  FState state = FState::pending;
  Value result;
  ExcObj* exception = nullptr;
  Value cancel_message;
  ExcObj* cancelled_exc = nullptr;
  std::vector<Callback> callbacks;
  bool is_task = false;
  bool gathering = false;
  std::vector<FutureObj*> children;  // gathering
  bool cancel_requested = false;     // gathering
  std::string label;                 // what it is, for the page
  bool done() const { return state != FState::pending; }
};

struct Handle;
struct TaskObj : FutureObj {
  static constexpr std::uint8_t type_tag = 15;
  int id = 0;
  std::string name;
  CoroObj* coro = nullptr;
  std::optional<Co<Value>> top;
  co::coroutine_handle<> resume_at;
  FutureObj* fut_waiter = nullptr;
  bool must_cancel = false;
  int num_cancels = 0;
  ExcObj* pending = nullptr;                        // thrown into the coroutine at its next resume
  FutureObj* yielded = nullptr;                     // what the coroutine suspended on (null: a bare yield)
  std::vector<std::pair<std::string, int>> frames;  // function, line: where it runs or waits
  std::string waits;
  const char* view_state = "ready";
  int depth = 0;  // nested calls inside this task
};

struct TimeoutObj : Obj {
  static constexpr std::uint8_t type_tag = 16;
  enum { created, entered, expiring, expired, exited } state = created;
  bool has_when = false;
  double when = 0;
  Handle* handler = nullptr;
  TaskObj* task = nullptr;
  int cancelling = 0;
};

struct TaskGroupObj : Obj {
  static constexpr std::uint8_t type_tag = 17;
  bool entered = false, exiting = false, aborting = false, parent_cancel_requested = false;
  TaskObj* parent = nullptr;
  std::vector<TaskObj*> tasks;  // a set in CPython; kept in insertion order here
  std::vector<ExcObj*> errors;
  bool errors_cleared = false;
  FutureObj* on_completed = nullptr;
};

struct PyRaise {
  ExcObj* exc;
};

struct Handle {
  std::function<void()> fn;
  double when = 0;
  bool cancelled = false, scheduled = false, timer = false;
  const char* what = "";
  TaskObj* task = nullptr;
};

enum class Flow { normal, break_, continue_, return_ };

struct Frame {
  std::unordered_map<std::string, Value>* vars = nullptr;
  bool module = false;
  ExcObj* handling = nullptr;
  Value ret;
};

/// Python's float round(x, 3): the correctly rounded decimal at 3 places, read back.
double round3(double x) {
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.3f", x);
  return std::strtod(buf, nullptr);
}

/// Python's repr of a str (ASCII escapes; the subset's strings are ASCII).
std::string repr_string(const std::string& s) {
  bool has_single = s.find('\'') != std::string::npos;
  bool has_double = s.find('"') != std::string::npos;
  char q = (has_single && !has_double) ? '"' : '\'';
  std::string out(1, q);
  for (char c : s) {
    if (c == q || c == '\\')
      out += '\\', out += c;
    else if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\r')
      out += "\\r";
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      char b[8];
      std::snprintf(b, sizeof b, "\\x%02x", static_cast<unsigned char>(c));
      out += b;
    } else
      out += c;
  }
  return out + q;
}

// llplay:source async.run async.loop
/// Heapq's sift operations (Lib/heapq.py, the same in _heapqmodule.c) over TimerHandles, which
/// compare by `when` alone: ties resolve exactly as CPython's heap resolves them.
struct TimerHeap {
  std::vector<Handle*> heap;
  static bool lt(const Handle* a, const Handle* b) { return a->when < b->when; }
  void siftdown(std::size_t startpos, std::size_t pos) {
    Handle* newitem = heap[pos];
    while (pos > startpos) {
      std::size_t parentpos = (pos - 1) >> 1;
      Handle* parent = heap[parentpos];
      if (lt(newitem, parent)) {
        heap[pos] = parent;
        pos = parentpos;
        continue;
      }
      break;
    }
    heap[pos] = newitem;
  }
  void siftup(std::size_t pos) {
    std::size_t endpos = heap.size(), startpos = pos;
    Handle* newitem = heap[pos];
    std::size_t childpos = 2 * pos + 1;
    while (childpos < endpos) {
      std::size_t rightpos = childpos + 1;
      if (rightpos < endpos && !lt(heap[childpos], heap[rightpos])) childpos = rightpos;
      heap[pos] = heap[childpos];
      pos = childpos;
      childpos = 2 * pos + 1;
    }
    heap[pos] = newitem;
    siftdown(startpos, pos);
  }
  void push(Handle* h) {
    heap.push_back(h);
    siftdown(0, heap.size() - 1);
  }
  Handle* pop() {
    Handle* last = heap.back();
    heap.pop_back();
    if (heap.empty()) return last;
    Handle* ret = heap[0];
    heap[0] = last;
    siftup(0);
    return ret;
  }
  void heapify() {
    for (std::size_t i = heap.size() / 2; i-- > 0;) siftup(i);
  }
};
// llplay:end

// Python builtins the subset does not have: using one is outside the subset, not a NameError.
const std::set<std::string>& other_builtins() {
  static const std::set<std::string> s = {"abs",
                                          "aiter",
                                          "all",
                                          "anext",
                                          "any",
                                          "ascii",
                                          "bin",
                                          "breakpoint",
                                          "bytearray",
                                          "bytes",
                                          "callable",
                                          "chr",
                                          "classmethod",
                                          "compile",
                                          "complex",
                                          "delattr",
                                          "dict",
                                          "dir",
                                          "divmod",
                                          "enumerate",
                                          "eval",
                                          "exec",
                                          "filter",
                                          "format",
                                          "frozenset",
                                          "getattr",
                                          "globals",
                                          "hasattr",
                                          "hash",
                                          "help",
                                          "hex",
                                          "id",
                                          "input",
                                          "issubclass",
                                          "iter",
                                          "locals",
                                          "map",
                                          "memoryview",
                                          "next",
                                          "object",
                                          "oct",
                                          "open",
                                          "ord",
                                          "pow",
                                          "property",
                                          "reversed",
                                          "round",
                                          "set",
                                          "setattr",
                                          "slice",
                                          "sorted",
                                          "staticmethod",
                                          "super",
                                          "tuple",
                                          "vars",
                                          "zip",
                                          "__import__",
                                          "__name__",
                                          "__build_class__",
                                          "exit",
                                          "quit",
                                          "dict",
                                          "ArithmeticError",
                                          "AssertionError",
                                          "BlockingIOError",
                                          "BrokenPipeError",
                                          "BufferError",
                                          "ChildProcessError",
                                          "ConnectionError",
                                          "EOFError",
                                          "EnvironmentError",
                                          "FileExistsError",
                                          "FileNotFoundError",
                                          "FloatingPointError",
                                          "GeneratorExit",
                                          "IOError",
                                          "ImportError",
                                          "IndentationError",
                                          "InterruptedError",
                                          "IsADirectoryError",
                                          "KeyboardInterrupt",
                                          "LookupError",
                                          "MemoryError",
                                          "ModuleNotFoundError",
                                          "NotADirectoryError",
                                          "NotImplemented",
                                          "NotImplementedError",
                                          "OSError",
                                          "OverflowError",
                                          "PermissionError",
                                          "ProcessLookupError",
                                          "RecursionError",
                                          "ReferenceError",
                                          "StopIteration",
                                          "SystemError",
                                          "SystemExit",
                                          "TabError",
                                          "UnboundLocalError",
                                          "UnicodeError",
                                          "Warning",
                                          "Ellipsis",
                                          "print",
                                          "setattr"};
  return s;
}

class Interp {
 public:
  Interp(const Program& program, int minor, bool trace, const Limits& limits, RunContext& ctx, RunResult& out)
      : program_(program), minor_(minor), trace_(trace), limits_(limits), ctx_(ctx), out_(out) {
    init_builtins();
  }

  /// Suspended coroutine frames go first, while everything they point to still exists.
  ~Interp() {
    for (TaskObj* t : all_tasks_) t->top.reset();
  }

  void run() {
    Frame f;
    f.vars = &globals_;
    f.module = true;
    exec_sync_block(program_.body, f);
  }

  void finish() {
    if (!pending_text_.empty()) {
      out_.output.push_back(pending_text_);
      pending_text_.clear();
    }
    out_.virtual_time = now_;
  }

  /// The exception's class name and "Name: message", for an uncaught one.
  std::pair<ErrorCode, std::string> describe(ExcObj* e) {
    std::string s = exc_str(e);
    return {e->cls->code, s.empty() ? "uncaught, with no message" : s};
  }

 private:
  const Program& program_;
  int minor_;
  bool trace_;
  const Limits& limits_;
  RunContext& ctx_;
  RunResult& out_;

  std::deque<std::unique_ptr<Obj>> arena_;
  std::deque<std::unique_ptr<Handle>> handles_;
  std::unordered_map<std::string, Value> globals_;
  std::unordered_map<std::string, Value> builtins_;
  std::map<std::string, ExcClass*> exc_;
  ExcClass* asyncio_timeout_error_ = nullptr;  // 3.10: asyncio.exceptions.TimeoutError
  ModuleObj* asyncio_ = nullptr;
  ModuleObj* time_ = nullptr;

  // the loop
  bool running_ = false;
  bool stopping_ = false;
  double now_ = 0;
  std::deque<Handle*> ready_;
  TimerHeap timers_;
  std::int64_t timer_cancelled_count_ = 0;
  std::vector<TaskObj*> all_tasks_;
  TaskObj* current_ = nullptr;
  std::int64_t callback_ids_ = 0;
  std::int64_t task_names_ = 0;
  int depth_ = 0;
  std::string pending_text_;
  std::int64_t output_bytes_ = 0;
  double blocked_ = 0;

  // ------------------------------------------------------------ budgets

  void step() {
    if (++out_.steps > limits_.max_steps)
      throw Error(ErrorCode::LimitExceeded,
                  "the program ran more than " + std::to_string(limits_.max_steps) +
                      " steps (the lab's budget): is there a loop that never ends?");
    if ((out_.steps & 4095) == 0) ctx_.checkpoint(static_cast<double>(out_.steps) / limits_.max_steps);
  }

  template <class T, class... A>
  T* make(A&&... a) {
    if (static_cast<std::int64_t>(arena_.size()) >= limits_.max_objects)
      throw Error(ErrorCode::LimitExceeded, "the program made more than " +
                                                std::to_string(limits_.max_objects) +
                                                " objects (the lab's budget)");
    auto p = std::make_unique<T>(std::forward<A>(a)...);
    T* raw = p.get();
    raw->tag = T::type_tag;
    arena_.push_back(std::move(p));
    return raw;
  }

  [[noreturn]] void outside(int line, const std::string& what) {
    throw Error(ErrorCode::SyntaxError,
                "line " + std::to_string(line) + ": " + what + " is outside the subset");
  }

  /// Counts nested calls of the running task (or of the module's code): a coroutine suspended in a task
  /// holds its task's count, not everyone's.
  struct DepthGuard {
    int& depth;
    DepthGuard(Interp& in, int line) : depth(in.current_ ? in.current_->depth : in.depth_) {
      if (++depth > in.limits_.max_call_depth) {
        --depth;
        throw Error(ErrorCode::LimitExceeded, "line " + std::to_string(line) + ": calls nest deeper than " +
                                                  std::to_string(in.limits_.max_call_depth) +
                                                  " (the lab's budget; CPython's recursion limit is 1000)");
      }
    }
    ~DepthGuard() { --depth; }
  };

  // ------------------------------------------------------------ objects

  Value str(std::string s) {
    auto* o = make<StrObj>();
    o->s = std::move(s);
    return object(o);
  }
  Value list(std::vector<Value> items, bool tuple = false) {
    auto* o = make<ListObj>();
    o->items = std::move(items);
    o->tuple = tuple;
    return object(o);
  }
  Value builtin(B id, std::string name, Value self = none()) {
    auto* o = make<BuiltinObj>();
    o->id = id;
    o->name = std::move(name);
    o->self = self;
    return object(o);
  }
  template <class T>
  static T* as(const Value& v) {
    if (v.k != K::object) return nullptr;
    if constexpr (std::is_same_v<T, FutureObj>)
      return v.o->tag == FutureObj::type_tag || v.o->tag == TaskObj::type_tag ? static_cast<T*>(v.o)
                                                                              : nullptr;
    else
      return v.o->tag == T::type_tag ? static_cast<T*>(v.o) : nullptr;
  }

  ExcClass* exc_class(const std::string& name, ExcClass* base, ErrorCode code, const std::string& module = "",
                      ExcClass* base2 = nullptr) {
    auto* c = make<ExcClass>();
    c->name = name;
    c->base = base;
    c->base2 = base2;
    c->code = code;
    c->module = module;
    return c;
  }

  void init_builtins() {
    auto* base = exc_class("BaseException", nullptr, ErrorCode::BaseException);
    auto* exc = exc_class("Exception", base, ErrorCode::Exception);
    exc_["BaseException"] = base;
    exc_["Exception"] = exc;
    auto add = [&](const char* n, ExcClass* b, ErrorCode c) { exc_[n] = exc_class(n, b, c); };
    add("ValueError", exc, ErrorCode::ValueError);
    add("TypeError", exc, ErrorCode::TypeError);
    add("RuntimeError", exc, ErrorCode::RuntimeError);
    add("NameError", exc, ErrorCode::NameError);
    add("AttributeError", exc, ErrorCode::AttributeError);
    add("ZeroDivisionError", exc, ErrorCode::ZeroDivisionError);
    add("KeyError", exc, ErrorCode::KeyError);
    add("IndexError", exc, ErrorCode::IndexError);
    add("TimeoutError", exc, ErrorCode::TimeoutError);
    add("StopAsyncIteration", exc, ErrorCode::StopAsyncIteration);
    auto* beg = exc_class("BaseExceptionGroup", base, ErrorCode::BaseExceptionGroup);
    exc_["BaseExceptionGroup"] = beg;
    exc_["ExceptionGroup"] = exc_class("ExceptionGroup", beg, ErrorCode::ExceptionGroup, "", exc);
    exc_["CancelledError"] =
        exc_class("CancelledError", base, ErrorCode::CancelledError, "asyncio.exceptions");
    exc_["InvalidStateError"] =
        exc_class("InvalidStateError", exc, ErrorCode::InvalidStateError, "asyncio.exceptions");
    asyncio_timeout_error_ =
        minor_ >= 11 ? exc_["TimeoutError"]
                     : exc_class("TimeoutError", exc, ErrorCode::TimeoutError, "asyncio.exceptions");
    for (const char* n : {"BaseException", "Exception", "ValueError", "TypeError", "RuntimeError",
                          "NameError", "AttributeError", "ZeroDivisionError", "KeyError", "IndexError",
                          "TimeoutError", "StopAsyncIteration"})
      builtins_[n] = object(exc_[n]);
    if (minor_ >= 11) {
      builtins_["BaseExceptionGroup"] = object(exc_["BaseExceptionGroup"]);
      builtins_["ExceptionGroup"] = object(exc_["ExceptionGroup"]);
    }
    builtins_["print"] = builtin(B::print, "print");
    builtins_["range"] = builtin(B::range, "range");
    builtins_["len"] = builtin(B::len, "len");
    builtins_["str"] = builtin(B::str, "str");
    builtins_["repr"] = builtin(B::repr, "repr");
    builtins_["type"] = builtin(B::type, "type");
    builtins_["now"] = builtin(B::now, "now");
    builtins_["isinstance"] = builtin(B::isinstance, "isinstance");
    builtins_["min"] = builtin(B::min, "min");
    builtins_["max"] = builtin(B::max, "max");
    builtins_["sum"] = builtin(B::sum, "sum");
    builtins_["abs"] = builtin(B::abs, "abs");
    builtins_["list"] = builtin(B::list, "list");
    builtins_["int"] = builtin(B::int_, "int");
    builtins_["float"] = builtin(B::float_, "float");
    builtins_["bool"] = builtin(B::bool_, "bool");
    asyncio_ = make<ModuleObj>();
    asyncio_->name = "asyncio";
    time_ = make<ModuleObj>();
    time_->name = "time";
  }

  ExcObj* new_exc(ExcClass* cls, std::vector<Value> args = {}) {
    auto* e = make<ExcObj>();
    e->cls = cls;
    e->args = std::move(args);
    return e;
  }
  ExcObj* new_exc(const std::string& cls, const std::string& msg) {
    return new_exc(exc_.at(cls), {str(msg)});
  }
  [[noreturn]] void raise(const std::string& cls, const std::string& msg) {
    throw PyRaise{new_exc(cls, msg)};
  }

  static bool subclass(const ExcClass* c, const ExcClass* of) {
    // the hierarchy is at most a few levels deep, with one class of two bases
    std::vector<const ExcClass*> todo{c};
    while (!todo.empty()) {
      const ExcClass* x = todo.back();
      todo.pop_back();
      if (x == nullptr) continue;
      if (x == of) return true;
      todo.push_back(x->base);
      todo.push_back(x->base2);
    }
    return false;
  }
  bool is_cancelled_error(const ExcObj* e) const { return e && subclass(e->cls, exc_.at("CancelledError")); }

  // ------------------------------------------------------------ text of values

  std::string type_name(const Value& v) const {
    switch (v.k) {
      case K::none:
        return "NoneType";
      case K::boolean:
        return "bool";
      case K::integer:
        return "int";
      case K::floating:
        return "float";
      case K::object:
        break;
    }
    Obj* o = v.o;
    if (dynamic_cast<StrObj*>(o)) return "str";
    if (auto* l = dynamic_cast<ListObj*>(o)) return l->tuple ? "tuple" : "list";
    if (dynamic_cast<RangeObj*>(o)) return "range";
    if (auto* e = dynamic_cast<ExcObj*>(o)) return e->cls->name;
    if (dynamic_cast<ExcClass*>(o) || dynamic_cast<ClassObj*>(o) || dynamic_cast<TypeObj*>(o)) return "type";
    if (auto* i = dynamic_cast<InstanceObj*>(o)) return i->cls->name;
    if (dynamic_cast<FuncObj*>(o)) return "function";
    if (dynamic_cast<MethodObj*>(o)) return "method";
    if (dynamic_cast<BuiltinObj*>(o)) return "builtin_function_or_method";
    if (dynamic_cast<CoroObj*>(o)) return "coroutine";
    if (dynamic_cast<TaskObj*>(o)) return "_asyncio.Task";
    if (dynamic_cast<FutureObj*>(o)) return "_asyncio.Future";
    if (dynamic_cast<ModuleObj*>(o)) return "module";
    if (dynamic_cast<TimeoutObj*>(o)) return "Timeout";
    if (dynamic_cast<TaskGroupObj*>(o)) return "TaskGroup";
    return "object";
  }

  std::string exc_str(ExcObj* e) {
    if (!e->group.empty() || e->cls->name.find("ExceptionGroup") != std::string::npos) {
      std::string msg = e->args.empty() ? "" : to_str(e->args[0], 0);
      std::size_t n = e->group.size();
      return msg + " (" + std::to_string(n) + " sub-exception" + (n == 1 ? "" : "s") + ")";
    }
    if (e->args.empty()) return "";
    if (e->args.size() == 1) {
      if (e->cls->name == "KeyError") return to_repr(e->args[0], 0);
      return to_str(e->args[0], 0);
    }
    return to_repr(list(e->args, true), 0);
  }

  std::string to_str(const Value& v, int line) {
    if (auto* s = as<StrObj>(v)) return s->s;
    if (auto* e = as<ExcObj>(v)) return exc_str(e);
    return to_repr(v, line);
  }

  std::string to_repr(const Value& v, int line, int nest = 0) {
    if (nest > max_nesting) outside(line, "printing lists nested this deep");
    switch (v.k) {
      case K::none:
        return "None";
      case K::boolean:
        return v.b ? "True" : "False";
      case K::integer:
        return std::to_string(v.i);
      case K::floating:
        return python_repr(v.f);
      case K::object:
        break;
    }
    if (auto* s = as<StrObj>(v)) return repr_string(s->s);
    if (auto* l = as<ListObj>(v)) {
      std::string out = l->tuple ? "(" : "[";
      for (std::size_t i = 0; i < l->items.size(); ++i) {
        if (i) out += ", ";
        out += to_repr(l->items[i], line, nest + 1);
        if (out.size() > static_cast<std::size_t>(limits_.max_output_bytes))
          throw Error(ErrorCode::LimitExceeded,
                      "line " + std::to_string(line) + ": the text is longer than the lab's output budget");
      }
      if (l->tuple && l->items.size() == 1) out += ",";
      return out + (l->tuple ? ")" : "]");
    }
    if (auto* r = as<RangeObj>(v)) {
      std::string out = "range(" + std::to_string(r->start) + ", " + std::to_string(r->stop);
      if (r->step != 1) out += ", " + std::to_string(r->step);
      return out + ")";
    }
    if (auto* e = as<ExcObj>(v)) {
      std::string out = e->cls->name + "(";
      std::vector<Value> args = e->args;
      if (!e->group.empty()) args.push_back(list(e->group));
      for (std::size_t i = 0; i < args.size(); ++i) {
        if (i) out += ", ";
        out += to_repr(args[i], line, nest + 1);
      }
      return out + ")";
    }
    if (auto* c = as<ExcClass>(v))
      return "<class '" + (c->module.empty() ? "" : c->module + ".") + c->name + "'>";
    if (auto* t = as<TypeObj>(v)) return "<class '" + t->name + "'>";
    if (auto* c = as<ClassObj>(v)) return "<class '__main__." + c->name + "'>";
    outside(line, "printing a " + type_name(v) + " (CPython shows its memory address)");
  }

  // ------------------------------------------------------------ output

  void write(const std::string& text, int line) {
    output_bytes_ += static_cast<std::int64_t>(text.size());
    if (output_bytes_ > limits_.max_output_bytes)
      throw Error(ErrorCode::LimitExceeded,
                  "line " + std::to_string(line) + ": the program printed more than " +
                      std::to_string(limits_.max_output_bytes) + " bytes (the lab's budget)");
    for (char c : text) {
      if (c == '\n') {
        out_.output.push_back(std::move(pending_text_));
        pending_text_.clear();
        if (static_cast<std::int64_t>(out_.output.size()) > limits_.max_output_lines)
          throw Error(ErrorCode::LimitExceeded,
                      "line " + std::to_string(line) + ": the program printed more than " +
                          std::to_string(limits_.max_output_lines) + " lines (the lab's budget)");
      } else {
        pending_text_ += c;
      }
    }
  }

  // ------------------------------------------------------------ the event loop

  Handle* new_handle(std::function<void()> fn, const char* what, TaskObj* task) {
    auto h = std::make_unique<Handle>();
    h->fn = std::move(fn);
    h->what = what;
    h->task = task;
    Handle* raw = h.get();
    handles_.push_back(std::move(h));
    return raw;
  }

  Handle* call_soon(std::function<void()> fn, const char* what, TaskObj* task) {
    Handle* h = new_handle(std::move(fn), what, task);
    ready_.push_back(h);
    if (task && !task->done() && task != current_) task->view_state = "ready";
    return h;
  }

  Handle* call_at(double when, std::function<void()> fn, const char* what, TaskObj* task) {
    if (!(when - 0.0 <= limits_.max_virtual_seconds))
      throw Error(ErrorCode::LimitExceeded, "a timer is due after " +
                                                python_repr(limits_.max_virtual_seconds) +
                                                " virtual seconds (the lab's budget)");
    Handle* h = new_handle(std::move(fn), what, task);
    h->when = when;
    h->timer = true;
    h->scheduled = true;
    timers_.push(h);
    return h;
  }

  Handle* call_later(double delay, std::function<void()> fn, const char* what, TaskObj* task) {
    return call_at(now_ + delay, std::move(fn), what, task);
  }

  void cancel_handle(Handle* h) {
    if (!h->cancelled) {
      if (h->timer && h->scheduled) ++timer_cancelled_count_;
      h->cancelled = true;
    }
  }

  // llplay:source async.run async.loop
  /// BaseEventLoop._run_once, with a selector that advances the virtual clock instead of waiting.
  void run_once() {
    ++out_.iterations;
    step();
    std::size_t sched_count = timers_.heap.size();
    if (sched_count > 100 &&
        static_cast<double>(timer_cancelled_count_) / static_cast<double>(sched_count) > 0.5) {
      std::vector<Handle*> kept;
      for (Handle* h : timers_.heap) {
        if (h->cancelled)
          h->scheduled = false;
        else
          kept.push_back(h);
      }
      timers_.heap = std::move(kept);
      timers_.heapify();
      timer_cancelled_count_ = 0;
    } else {
      while (!timers_.heap.empty() && timers_.heap[0]->cancelled) {
        --timer_cancelled_count_;
        Handle* h = timers_.pop();
        h->scheduled = false;
      }
    }
    if (ready_.empty() && !stopping_) {
      if (timers_.heap.empty())
        throw Error(ErrorCode::LimitExceeded,
                    "nothing is ready and no timer is due: CPython's loop would wait here forever");
      double timeout = std::min(std::max(0.0, timers_.heap[0]->when - now_), 24.0 * 3600);
      if (timeout != 0) now_ += timeout;  // the virtual selector: waiting is advancing the clock
    }
    double end_time = now_ + 1e-09;  // time.get_clock_info('monotonic').resolution
    while (!timers_.heap.empty()) {
      Handle* h = timers_.heap[0];
      if (h->when >= end_time) break;
      timers_.pop();
      h->scheduled = false;
      ready_.push_back(h);
      if (h->task && !h->cancelled && !h->task->done()) h->task->view_state = "ready";
    }
    std::size_t ntodo = ready_.size();
    for (std::size_t n = 0; n < ntodo; ++n) {
      Handle* h = ready_.front();
      ready_.pop_front();
      if (h->cancelled) continue;
      run_handle(h);
    }
  }
  // llplay:end

  void run_handle(Handle* h) {
    ++out_.callbacks;
    step();
    bool record = trace_ && static_cast<int>(out_.events.size()) < limits_.max_events;
    if (trace_ && !record) ++out_.events_dropped;
    double t0 = now_;
    blocked_ = 0;
    int lines0 = static_cast<int>(out_.output.size());
    h->fn();
    h->fn = nullptr;  // frees what the callback holds
    if (trace_ && static_cast<int>(out_.timeline.size()) < limits_.max_timeline)
      out_.timeline.push_back({t0, h->task ? static_cast<double>(h->task->id) : 0.0, blocked_});
    if (!record) return;
    Event e;
    e.iteration = out_.iterations;
    e.time = t0;
    e.blocked = blocked_;
    e.what = handle_label(h);
    e.task = h->task ? h->task->id : 0;
    e.output_from = lines0;
    e.output_to = static_cast<int>(out_.output.size());
    snapshot(e, h->task);
    out_.events.push_back(std::move(e));
  }

  std::string handle_label(const Handle* h) const {
    std::string s = h->what;
    if (h->task) s = h->task->name + ": " + s;
    return s;
  }

  void snapshot(Event& e, TaskObj* ran) {
    constexpr std::size_t cap = 24;
    e.ready_size = ready_.size();
    for (std::size_t i = 0; i < ready_.size() && e.ready.size() < cap; ++i)
      if (!ready_[i]->cancelled)
        e.ready.push_back({handle_label(ready_[i]), ready_[i]->task ? ready_[i]->task->id : 0, 0});
    e.timers_size = timers_.heap.size();
    for (std::size_t i = 0; i < timers_.heap.size() && e.timers.size() < cap; ++i) {
      const Handle* h = timers_.heap[i];
      e.timers.push_back(
          {handle_label(h) + (h->cancelled ? " (cancelled)" : ""), h->task ? h->task->id : 0, h->when});
    }
    for (TaskObj* t : all_tasks_) {
      if (e.tasks.size() >= cap) break;
      if (t->done() && t != ran) continue;
      TaskView v;
      v.id = t->id;
      v.name = t->name;
      v.coro = t->coro ? t->coro->name : "";
      if (t->state == FState::finished)
        v.state = t->exception ? "failed" : "done";
      else if (t->state == FState::cancelled)
        v.state = "cancelled";
      else
        v.state = t->view_state;
      if (!t->frames.empty())
        v.where = t->frames.back().first + ":" + std::to_string(t->frames.back().second);
      else
        v.where = t->done() ? v.coro : v.coro + " (not started)";
      v.waits = t->done() ? "" : t->waits;
      e.tasks.push_back(std::move(v));
    }
  }

  // ------------------------------------------------------------ futures

  FutureObj* new_future(std::string label) {
    auto* f = make<FutureObj>();
    f->label = std::move(label);
    return f;
  }

  void schedule_callbacks(FutureObj* f) {
    std::vector<Callback> cbs = std::move(f->callbacks);
    f->callbacks.clear();
    for (auto& cb : cbs) {
      auto fn = std::move(cb.fn);
      call_soon([fn = std::move(fn), f] { fn(f); }, cb.what, cb.task);
    }
  }

  std::int64_t add_done_callback(FutureObj* f, std::function<void(FutureObj*)> fn, const char* what,
                                 TaskObj* task = nullptr) {
    std::int64_t id = ++callback_ids_;
    if (f->done())
      call_soon([fn = std::move(fn), f] { fn(f); }, what, task);
    else
      f->callbacks.push_back({id, std::move(fn), what, task});
    return id;
  }

  void remove_done_callback(FutureObj* f, std::int64_t id) {
    std::vector<Callback> kept;
    for (auto& cb : f->callbacks)
      if (cb.id != id) kept.push_back(std::move(cb));
    f->callbacks = std::move(kept);
  }

  void set_result(FutureObj* f, Value v) {
    if (f->done()) raise("InvalidStateError", "invalid state");
    f->result = v;
    f->state = FState::finished;
    schedule_callbacks(f);
  }

  void set_exception(FutureObj* f, ExcObj* e) {
    if (f->done()) raise("InvalidStateError", "invalid state");
    f->exception = e;
    f->state = FState::finished;
    schedule_callbacks(f);
  }

  /// Future.cancel (and _GatheringFuture.cancel, Task.cancel).
  bool cancel(FutureObj* f, Value msg) {
    if (auto* t = dynamic_cast<TaskObj*>(f)) return task_cancel(t, msg);
    if (f->gathering) {
      if (f->done()) return false;
      bool ret = false;
      for (FutureObj* child : f->children)
        if (cancel(child, msg)) ret = true;
      if (ret) f->cancel_requested = true;
      return ret;
    }
    return future_cancel(f, msg);
  }

  bool future_cancel(FutureObj* f, Value msg) {
    if (f->state != FState::pending) return false;
    f->state = FState::cancelled;
    f->cancel_message = msg;
    schedule_callbacks(f);
    return true;
  }

  ExcObj* make_cancelled_error(FutureObj* f) {
    if (minor_ >= 11 && f->cancelled_exc) {
      ExcObj* e = f->cancelled_exc;
      f->cancelled_exc = nullptr;
      return e;
    }
    f->cancelled_exc = nullptr;
    if (f->cancel_message.k == K::none) return new_exc(exc_.at("CancelledError"));
    return new_exc(exc_.at("CancelledError"), {f->cancel_message});
  }

  Value future_result(FutureObj* f) {
    if (f->state == FState::cancelled) throw PyRaise{make_cancelled_error(f)};
    if (f->state == FState::pending) raise("InvalidStateError", "Result is not ready.");
    if (f->exception) throw PyRaise{f->exception};
    return f->result;
  }

  Value future_exception(FutureObj* f) {
    if (f->state == FState::cancelled) throw PyRaise{make_cancelled_error(f)};
    if (f->state == FState::pending) raise("InvalidStateError", "Exception is not set.");
    return f->exception ? object(f->exception) : none();
  }

  // ------------------------------------------------------------ tasks

  TaskObj* create_task(CoroObj* coro, int line) {
    if (!running_) raise("RuntimeError", "no running event loop");
    if (static_cast<std::int64_t>(all_tasks_.size()) >= limits_.max_tasks)
      throw Error(ErrorCode::LimitExceeded, "line " + std::to_string(line) + ": more than " +
                                                std::to_string(limits_.max_tasks) +
                                                " tasks (the lab's budget)");
    auto* t = make<TaskObj>();
    t->is_task = true;
    t->coro = coro;
    t->id = static_cast<int>(all_tasks_.size()) + 1;
    t->name = "Task-" + std::to_string(++task_names_);
    t->label = t->name;
    t->top.emplace(task_body(t));
    t->resume_at = t->top->h_;
    all_tasks_.push_back(t);
    ++out_.tasks;
    call_soon([this, t] { task_step(t, nullptr); }, "step", t);
    return t;
  }

  Co<Value> task_body(TaskObj* t) {
    if (t->pending) {  // coro.throw(exc) before its first line: it raises at once
      ExcObj* e = t->pending;
      t->pending = nullptr;
      t->coro->started = true;
      throw PyRaise{e};
    }
    co_return co_await run_coro(t->coro, 0);
  }

  bool task_cancel(TaskObj* t, Value msg) {
    if (t->done()) return false;
    ++t->num_cancels;
    if (t->fut_waiter != nullptr)
      if (cancel(t->fut_waiter, msg)) return true;
    t->must_cancel = true;
    t->cancel_message = msg;
    return true;
  }

  int task_uncancel(TaskObj* t) {
    if (t->num_cancels > 0) {
      --t->num_cancels;
      if (minor_ >= 13 && t->num_cancels == 0) t->must_cancel = false;
    }
    return t->num_cancels;
  }

  // llplay:source async.run async.loop
  /// Task.__step: run the coroutine until it suspends or ends, then act on what it yielded.
  void task_step(TaskObj* t, ExcObj* exc) {
    if (t->done()) raise("InvalidStateError", "_step(): already done");
    if (t->must_cancel) {
      if (!is_cancelled_error(exc)) exc = make_cancelled_error(t);
      t->must_cancel = false;
    }
    t->fut_waiter = nullptr;
    t->pending = exc;
    t->yielded = nullptr;
    current_ = t;
    t->view_state = "running";
    co::coroutine_handle<> h = t->resume_at;
    h.resume();
    current_ = nullptr;
    auto& top = *t->top;
    if (top.h_.done()) {
      auto& p = top.h_.promise();
      t->waits.clear();
      if (p.error) {
        try {
          std::rethrow_exception(p.error);
        } catch (const PyRaise& e) {
          if (is_cancelled_error(e.exc)) {
            t->cancelled_exc = e.exc;
            future_cancel(t, none());
          } else {
            set_exception(t, e.exc);
          }
        }
      } else if (t->must_cancel) {
        t->must_cancel = false;
        future_cancel(t, t->cancel_message);
      } else {
        set_result(t, p.value);
      }
      t->top.reset();  // the coroutine's frames are no longer needed
      return;
    }
    if (t->yielded == nullptr) {  // a bare yield: asyncio.sleep(0)
      call_soon([this, t] { task_step(t, nullptr); }, "step", t);
      return;
    }
    FutureObj* f = t->yielded;
    t->view_state = "waiting";
    if (f == t) {
      ExcObj* e = new_exc("RuntimeError", "Task cannot await on itself");
      call_soon([this, t, e] { task_step(t, e); }, "step", t);
      return;
    }
    add_done_callback(
        f, [this, t](FutureObj* done) { task_wakeup(t, done); }, "wakeup", t);
    t->fut_waiter = f;
    if (t->must_cancel) {
      if (cancel(f, t->cancel_message)) t->must_cancel = false;
    }
  }

  void task_wakeup(TaskObj* t, FutureObj* f) {
    ExcObj* exc = nullptr;
    try {
      future_result(f);
    } catch (const PyRaise& e) {
      exc = e.exc;
    }
    task_step(t, exc);
  }
  // llplay:end

  // ------------------------------------------------------------ awaiting

  /// Suspends the running task on a future (Future.__await__'s `yield self`), or for one loop
  /// iteration (a bare yield) when `f` is null.
  struct Suspend {
    Interp* in;
    FutureObj* f;
    bool await_ready() const noexcept { return false; }
    void await_suspend(co::coroutine_handle<> h) {
      TaskObj* t = in->current_;
      t->yielded = f;
      t->resume_at = h;
    }
    void await_resume() {
      TaskObj* t = in->current_;
      if (t->pending) {
        ExcObj* e = t->pending;
        t->pending = nullptr;
        throw PyRaise{e};
      }
    }
  };

  Co<Value> await_future(FutureObj* f, std::string waits) {
    if (!f->done()) {
      if (current_ == nullptr) raise("RuntimeError", "await outside a task");
      if (trace_) current_->waits = std::move(waits);
      co_await Suspend{this, f};
      if (!f->done()) raise("RuntimeError", "await wasn't used with future");
    }
    co_return future_result(f);
  }

  Co<Value> await_value(Value v, int line) {
    if (auto* c = as<CoroObj>(v)) co_return co_await run_coro(c, line);
    if (auto* f = as<FutureObj>(v)) {
      std::string waits;
      if (trace_) waits = f->is_task ? static_cast<TaskObj*>(f)->name : f->label;
      co_return co_await await_future(f, std::move(waits));
    }
    raise("TypeError", "object " + type_name(v) + " can't be used in 'await' expression");
  }

  Co<Value> run_coro(CoroObj* c, int line) {
    if (c->started) raise("RuntimeError", "cannot reuse already awaited coroutine");
    c->started = true;
    DepthGuard guard(*this, line);
    switch (c->kind) {
      case CoroKind::sleep:
        co_return co_await sleep_impl(c->args[0], c->args[1]);
      case CoroKind::wait_for:
        co_return co_await wait_for_impl(c->args[0], c->args[1]);
      case CoroKind::nothing:
        co_return none();
      case CoroKind::user:
        break;
    }
    std::unordered_map<std::string, Value> locals;
    const Stmt& def = *c->fn->def;
    for (std::size_t i = 0; i < def.names.size(); ++i) locals[def.names[i]] = c->args[i];
    Frame f;
    f.vars = &locals;
    if (current_) current_->frames.push_back({def.name, def.line});
    try {
      co_await exec_block(def.body, f);
    } catch (...) {
      if (current_ && current_->frames.size() > 1) current_->frames.pop_back();
      throw;
    }
    if (current_ && current_->frames.size() > 1) current_->frames.pop_back();
    co_return f.ret;
  }

  // ------------------------------------------------------------ asyncio, version by version

  double number(const Value& v, const char* what) {
    if (v.k == K::integer) return static_cast<double>(v.i);
    if (v.k == K::floating) return v.f;
    if (v.k == K::boolean) return v.b ? 1 : 0;
    raise("TypeError",
          std::string(what) + ": '" + type_name(v) + "' object cannot be interpreted as a number");
  }

  // llplay:source async.run async.loop
  Co<Value> sleep_impl(Value delay_v, Value result) {
    double delay = number(delay_v, "asyncio.sleep");
    if (delay <= 0) {
      if (current_ == nullptr) raise("RuntimeError", "await outside a task");
      current_->waits = "sleep(0)";
      co_await Suspend{this, nullptr};
      co_return result;
    }
    if (std::isnan(delay) && minor_ >= 13) raise("ValueError", "Invalid delay: NaN (not a number)");
    FutureObj* fut = new_future(trace_ ? "sleep " + python_repr(delay) : std::string());
    Handle* h = call_later(
        delay,
        [this, fut, result] {
          if (!fut->done()) set_result(fut, result);
        },
        "sleep timer", current_);
    Value v;
    try {
      std::string waits = trace_ ? "sleep(" + to_repr(delay_v, 0) + ")" : std::string();
      v = co_await await_future(fut, std::move(waits));
    } catch (...) {
      cancel_handle(h);
      throw;
    }
    cancel_handle(h);
    co_return v;
  }
  // llplay:end

  FutureObj* ensure_future(Value v, int line) {
    if (auto* f = as<FutureObj>(v)) return f;
    if (auto* c = as<CoroObj>(v)) return create_task(c, line);
    raise("TypeError", "An asyncio.Future, a coroutine or an awaitable is required");
  }

  void release_waiter(FutureObj* waiter) {
    if (!waiter->done()) set_result(waiter, none());
  }

  Co<Value> cancel_and_wait(FutureObj* fut) {
    FutureObj* waiter = new_future("cancel and wait");
    std::int64_t cb = add_done_callback(
        fut, [this, waiter](FutureObj*) { release_waiter(waiter); }, "release waiter");
    try {
      cancel(fut, none());
      co_await await_future(waiter, "cancellation");
    } catch (...) {
      remove_done_callback(fut, cb);
      throw;
    }
    remove_done_callback(fut, cb);
    co_return none();
  }

  ExcObj* timeout_error() { return new_exc(asyncio_timeout_error_); }

  /// `return fut.result()`, except that a cancelled future raises TimeoutError (`from` the cancel).
  Value result_or_timeout(FutureObj* fut, ExcClass* timeout_class = nullptr) {
    try {
      return future_result(fut);
    } catch (const PyRaise& e) {
      if (!is_cancelled_error(e.exc)) throw;
    }
    throw PyRaise{new_exc(timeout_class ? timeout_class : asyncio_timeout_error_)};
  }

  Co<Value> wait_for_impl(Value aw, Value timeout_v) {
    if (timeout_v.k != K::none) {
      double timeout = number(timeout_v, "wait_for");
      if (timeout <= 0) {
        FutureObj* fut = ensure_future(aw, 0);
        if (fut->done()) co_return future_result(fut);
        co_await cancel_and_wait(fut);
        co_return result_or_timeout(fut, minor_ >= 12 ? exc_.at("TimeoutError") : asyncio_timeout_error_);
      }
    }
    if (minor_ >= 12) {  // async with timeouts.timeout(timeout): return await fut
      auto* cm = make<TimeoutObj>();
      cm->has_when = timeout_v.k != K::none;
      if (cm->has_when) cm->when = now_ + number(timeout_v, "wait_for");
      timeout_enter(cm);
      ExcObj* raised = nullptr;
      Value v;
      try {
        v = co_await await_value(aw, 0);
      } catch (const PyRaise& e) {
        raised = e.exc;
      }
      timeout_exit(cm, raised);
      if (raised) throw PyRaise{raised};
      co_return v;
    }
    if (timeout_v.k == K::none) co_return co_await await_value(aw, 0);
    double timeout = number(timeout_v, "wait_for");
    FutureObj* waiter = new_future("wait_for");
    Handle* th = call_later(
        timeout, [this, waiter] { release_waiter(waiter); }, "wait_for timer", current_);
    Value v;
    try {
      v = co_await wait_for_body(aw, waiter);
    } catch (...) {
      cancel_handle(th);
      throw;
    }
    cancel_handle(th);
    co_return v;
  }

  Co<Value> wait_for_body(Value aw, FutureObj* waiter) {
    FutureObj* fut = ensure_future(aw, 0);
    std::int64_t cb = add_done_callback(
        fut, [this, waiter](FutureObj*) { release_waiter(waiter); }, "release waiter");
    ExcObj* cancelled = nullptr;
    std::string waits = "wait_for";
    if (fut->is_task) waits += " " + static_cast<TaskObj*>(fut)->name;
    try {
      co_await await_future(waiter, waits);
    } catch (const PyRaise& e) {
      if (!is_cancelled_error(e.exc)) throw;
      cancelled = e.exc;
    }
    if (cancelled) {
      if (fut->done()) co_return future_result(fut);
      remove_done_callback(fut, cb);
      co_await cancel_and_wait(fut);
      throw PyRaise{cancelled};
    }
    if (fut->done()) co_return future_result(fut);
    remove_done_callback(fut, cb);
    co_await cancel_and_wait(fut);
    co_return result_or_timeout(fut);
  }

  // asyncio.timeout (3.11+): Timeout.__aenter__ / __aexit__ never suspend.
  void timeout_reschedule(TimeoutObj* cm) {
    if (cm->handler) cancel_handle(cm->handler);
    cm->handler = nullptr;
    if (!cm->has_when) return;
    auto on_timeout = [this, cm] {
      task_cancel(cm->task, none());
      cm->state = TimeoutObj::expiring;
      cm->handler = nullptr;
    };
    if (cm->when <= now_)
      cm->handler = call_soon(on_timeout, "timeout fires", cm->task);
    else
      cm->handler = call_at(cm->when, on_timeout, "timeout", cm->task);
  }

  void timeout_enter(TimeoutObj* cm) {
    if (cm->state != TimeoutObj::created) raise("RuntimeError", "Timeout has already been entered");
    if (current_ == nullptr) raise("RuntimeError", "Timeout should be used inside a task");
    cm->state = TimeoutObj::entered;
    cm->task = current_;
    cm->cancelling = current_->num_cancels;
    timeout_reschedule(cm);
  }

  void timeout_exit(TimeoutObj* cm, ExcObj* exc) {
    if (cm->handler) {
      cancel_handle(cm->handler);
      cm->handler = nullptr;
    }
    if (cm->state == TimeoutObj::expiring) {
      cm->state = TimeoutObj::expired;
      if (task_uncancel(cm->task) <= cm->cancelling && exc && is_cancelled_error(exc))
        throw PyRaise{new_exc(exc_.at("TimeoutError"))};
    } else if (cm->state == TimeoutObj::entered) {
      cm->state = TimeoutObj::exited;
    }
  }

  // asyncio.TaskGroup (3.11+)
  void tg_abort(TaskGroupObj* g) {
    g->aborting = true;
    std::vector<TaskObj*> snapshot = g->tasks;
    for (TaskObj* t : snapshot)
      if (!t->done()) task_cancel(t, none());
  }

  void tg_on_task_done(TaskGroupObj* g, TaskObj* t) {
    for (std::size_t i = 0; i < g->tasks.size(); ++i)
      if (g->tasks[i] == t) {
        g->tasks.erase(g->tasks.begin() + static_cast<std::ptrdiff_t>(i));
        break;
      }
    if (g->on_completed && g->tasks.empty() && !g->on_completed->done())
      set_result(g->on_completed, boolean(true));
    if (t->state == FState::cancelled) return;
    if (!t->exception) return;
    g->errors.push_back(t->exception);
    if (g->parent->done()) return;
    if (!g->aborting && !g->parent_cancel_requested) {
      tg_abort(g);
      g->parent_cancel_requested = true;
      task_cancel(g->parent, none());
    }
  }

  TaskObj* tg_create_task(TaskGroupObj* g, Value coro_v, int line) {
    auto* coro = as<CoroObj>(coro_v);
    if (!g->entered) raise("RuntimeError", "TaskGroup has not been entered");
    if (g->exiting && g->tasks.empty()) raise("RuntimeError", "TaskGroup is finished");
    if (g->aborting) raise("RuntimeError", "TaskGroup is shutting down");
    if (!coro) raise("TypeError", "a coroutine was expected, got " + to_repr(coro_v, line));
    TaskObj* t = create_task(coro, line);
    if (minor_ >= 12 && t->done()) {
      tg_on_task_done(g, t);
    } else {
      g->tasks.push_back(t);
      add_done_callback(
          t, [this, g](FutureObj* f) { tg_on_task_done(g, static_cast<TaskObj*>(f)); },
          "TaskGroup: task done");
    }
    return t;
  }

  void tg_enter(TaskGroupObj* g) {
    if (g->entered) raise("RuntimeError", "TaskGroup has already been entered");
    if (current_ == nullptr) raise("RuntimeError", "TaskGroup cannot determine the parent task");
    g->parent = current_;
    g->entered = true;
  }

  Co<Value> tg_exit(TaskGroupObj* g, ExcObj* exc) {
    g->exiting = true;
    ExcObj* propagate = nullptr;
    bool et_cancelled = exc && is_cancelled_error(exc);
    if (minor_ >= 13) {
      propagate = et_cancelled ? exc : nullptr;
    } else {
      propagate = (exc && exc->cls == exc_.at("CancelledError")) ? exc : nullptr;
      if (g->parent_cancel_requested && task_uncancel(g->parent) == 0) propagate = nullptr;
    }
    if (exc && !g->aborting) tg_abort(g);
    while (!g->tasks.empty()) {
      if (g->on_completed == nullptr) g->on_completed = new_future("TaskGroup");
      try {
        co_await await_future(g->on_completed, "TaskGroup");
      } catch (const PyRaise& e) {
        if (!is_cancelled_error(e.exc)) throw;
        if (!g->aborting) {
          propagate = e.exc;
          tg_abort(g);
        }
      }
      g->on_completed = nullptr;
    }
    if (minor_ >= 13 && g->parent_cancel_requested && task_uncancel(g->parent) == 0) propagate = nullptr;
    if (propagate && g->errors.empty()) throw PyRaise{propagate};
    if (exc && !et_cancelled) g->errors.push_back(exc);
    if (!g->errors.empty()) {
      if (minor_ >= 13 && g->parent->num_cancels > 0) {
        task_uncancel(g->parent);
        task_cancel(g->parent, none());
      }
      bool all_exceptions = true;
      for (ExcObj* e : g->errors)
        if (!subclass(e->cls, exc_.at("Exception"))) all_exceptions = false;
      auto* eg = new_exc(exc_.at(all_exceptions ? "ExceptionGroup" : "BaseExceptionGroup"),
                         {str("unhandled errors in a TaskGroup")});
      for (ExcObj* e : g->errors) eg->group.push_back(object(e));
      g->errors.clear();
      throw PyRaise{eg};
    }
    co_return none();
  }

  // asyncio.gather
  FutureObj* gather(const std::vector<Value>& aws, bool return_exceptions, int line) {
    if (aws.empty()) {
      FutureObj* outer = new_future("gather()");
      set_result(outer, list({}));
      return outer;
    }
    struct State {
      std::vector<FutureObj*> children;
      std::size_t nfuts = 0, nfinished = 0;
      FutureObj* outer = nullptr;
      bool return_exceptions = false;
    };
    auto st = std::make_shared<State>();
    st->return_exceptions = return_exceptions;
    auto done_cb = [this, st](FutureObj* fut) {
      ++st->nfinished;
      FutureObj* outer = st->outer;
      if (outer == nullptr || outer->done()) return;
      if (!st->return_exceptions) {
        if (fut->state == FState::cancelled) {
          set_exception(outer, make_cancelled_error(fut));
          return;
        }
        if (fut->exception) {
          set_exception(outer, fut->exception);
          return;
        }
      }
      if (st->nfinished == st->nfuts) {
        std::vector<Value> results;
        for (FutureObj* child : st->children) {
          if (child->state == FState::cancelled) {
            Value msg = child->cancel_message.k == K::none ? str("") : child->cancel_message;
            results.push_back(object(new_exc(exc_.at("CancelledError"), {msg})));
          } else if (child->exception) {
            results.push_back(object(child->exception));
          } else {
            results.push_back(child->result);
          }
        }
        if (outer->cancel_requested)
          set_exception(outer, make_cancelled_error(fut));
        else
          set_result(outer, list(std::move(results)));
      }
    };
    std::unordered_map<Obj*, FutureObj*> seen;  // arg_to_fut: an argument given twice is one child
    std::vector<FutureObj*> done_futs;
    for (const Value& arg : aws) {
      auto known = arg.k == K::object ? seen.find(arg.o) : seen.end();
      FutureObj* fut = known != seen.end() ? known->second : nullptr;
      if (fut == nullptr) {
        fut = ensure_future(arg, line);
        ++st->nfuts;
        if (arg.k == K::object) seen.emplace(arg.o, fut);
        if (minor_ >= 12 && fut->done())
          done_futs.push_back(fut);
        else
          add_done_callback(fut, done_cb, "gather: child done");
      }
      st->children.push_back(fut);
    }
    FutureObj* outer = new_future("gather");
    outer->gathering = true;
    outer->children = st->children;
    st->outer = outer;
    for (FutureObj* f : done_futs) done_cb(f);
    return outer;
  }

  // asyncio.run
  void run_until_complete(FutureObj* f) {
    add_done_callback(
        f, [this](FutureObj*) { stopping_ = true; }, "run_until_complete: stop");
    while (true) {
      run_once();
      if (stopping_) break;
    }
    stopping_ = false;
  }

  Value asyncio_run(Value coro_v, int line) {
    if (running_) raise("RuntimeError", "asyncio.run() cannot be called from a running event loop");
    auto* coro = as<CoroObj>(coro_v);
    if (!coro) raise("ValueError", "a coroutine was expected, got " + to_repr(coro_v, line));
    running_ = true;
    TaskObj* main = create_task(coro, line);
    run_until_complete(main);
    // Runner.close(): cancel what is left, then shutdown_asyncgens() and shutdown_default_executor()
    std::vector<Value> left;
    for (TaskObj* t : all_tasks_)
      if (!t->done()) left.push_back(object(t));
    if (!left.empty()) {
      for (const Value& t : left) task_cancel(static_cast<TaskObj*>(t.o), none());
      run_until_complete(gather(left, true, line));
    }
    for (const char* name : {"shutdown_asyncgens", "shutdown_default_executor"}) {
      auto* c = make<CoroObj>();
      c->kind = CoroKind::nothing;
      c->name = name;
      run_until_complete(create_task(c, line));
    }
    running_ = false;
    return future_result(main);
  }

  // ------------------------------------------------------------ names, attributes, calls

  Value lookup(const std::string& name, Frame& f, int line) {
    if (!f.module) {
      auto it = f.vars->find(name);
      if (it != f.vars->end()) return it->second;
    }
    auto g = globals_.find(name);
    if (g != globals_.end()) return g->second;
    auto b = builtins_.find(name);
    if (b != builtins_.end()) return b->second;
    if (other_builtins().count(name) ||
        ((name == "ExceptionGroup" || name == "BaseExceptionGroup") && minor_ >= 11))
      outside(line, "the builtin '" + name + "'");
    raise("NameError", "name '" + name + "' is not defined");
  }

  Value get_attr(Value obj, const std::string& name, int line) {
    if (auto* m = as<ModuleObj>(obj)) {
      if (m == asyncio_) {
        if (name == "sleep") return builtin(B::sleep, name);
        if (name == "run") return builtin(B::asyncio_run, name);
        if (name == "create_task") return builtin(B::create_task, name);
        if (name == "gather") return builtin(B::gather, name);
        if (name == "wait_for") return builtin(B::wait_for, name);
        if (name == "CancelledError") return object(exc_.at("CancelledError"));
        if (name == "InvalidStateError") return object(exc_.at("InvalidStateError"));
        if (name == "TimeoutError") return object(asyncio_timeout_error_);
        if (name == "timeout" || name == "TaskGroup") {
          if (minor_ < 11) raise("AttributeError", "module 'asyncio' has no attribute '" + name + "'");
          return builtin(name == "timeout" ? B::timeout : B::task_group, name);
        }
        outside(line, "asyncio." + name);
      }
      if (name == "sleep") return builtin(B::time_sleep, name);
      outside(line, "time." + name);
    }
    if (auto* f = as<FutureObj>(obj)) {
      if (name == "cancel") return builtin(B::fut_cancel, name, obj);
      if (name == "done") return builtin(B::fut_done, name, obj);
      if (name == "cancelled") return builtin(B::fut_cancelled, name, obj);
      if (name == "result") return builtin(B::fut_result, name, obj);
      if (name == "exception") return builtin(B::fut_exception, name, obj);
      if (f->is_task && (name == "cancelling" || name == "uncancel")) {
        if (minor_ < 11) raise("AttributeError", "'_asyncio.Task' object has no attribute '" + name + "'");
        return builtin(name == "cancelling" ? B::task_cancelling : B::task_uncancel, name, obj);
      }
      outside(line, "the attribute ." + name + " of a " + type_name(obj));
    }
    if (auto* i = as<InstanceObj>(obj)) {
      auto it = i->attrs.find(name);
      if (it != i->attrs.end()) return it->second;
      auto c = i->cls->attrs.find(name);
      if (c != i->cls->attrs.end()) {
        if (auto* fn = as<FuncObj>(c->second)) {
          auto* m = make<MethodObj>();
          m->fn = fn;
          m->self = obj;
          return object(m);
        }
        return c->second;
      }
      raise("AttributeError", "'" + i->cls->name + "' object has no attribute '" + name + "'");
    }
    if (auto* c = as<ClassObj>(obj)) {
      auto it = c->attrs.find(name);
      if (it != c->attrs.end()) return it->second;
      if (name == "__name__") return str(c->name);
      raise("AttributeError", "type object '" + c->name + "' has no attribute '" + name + "'");
    }
    if (auto* c = as<ExcClass>(obj)) {
      if (name == "__name__") return str(c->name);
      outside(line, "the attribute ." + name + " of an exception class");
    }
    if (auto* t = as<TypeObj>(obj)) {
      if (name == "__name__") return str(t->name);
      outside(line, "the attribute ." + name + " of a type");
    }
    if (auto* e = as<ExcObj>(obj)) {
      if (name == "args") return list(e->args, true);
      if (name == "exceptions" && (subclass(e->cls, exc_.at("BaseExceptionGroup"))))
        return list(e->group, true);
      if (name == "message" && subclass(e->cls, exc_.at("BaseExceptionGroup")))
        return e->args.empty() ? str("") : e->args[0];
      outside(line, "the attribute ." + name + " of an exception");
    }
    if (auto* l = as<ListObj>(obj)) {
      if (name == "append" && !l->tuple) return builtin(B::list_append, name, obj);
      outside(line, "the method ." + name + " of a " + type_name(obj));
    }
    if (as<TaskGroupObj>(obj)) {
      if (name == "create_task") return builtin(B::tg_create_task, name, obj);
      outside(line, "the attribute ." + name + " of a TaskGroup");
    }
    outside(line, "the attribute ." + name + " of a " + type_name(obj));
  }

  void set_attr(Value obj, const std::string& name, Value v, int line) {
    if (auto* i = as<InstanceObj>(obj)) {
      i->attrs[name] = v;
      return;
    }
    if (auto* c = as<ClassObj>(obj)) {
      c->attrs[name] = v;
      return;
    }
    outside(line, "setting an attribute of a " + type_name(obj));
  }

  using Kwargs = std::vector<std::pair<std::string, Value>>;

  void no_kwargs(const Kwargs& kw, const std::string& fn) {
    if (!kw.empty()) raise("TypeError", fn + "() takes no keyword arguments");
  }
  void arity(const std::vector<Value>& a, std::size_t lo, std::size_t hi, const std::string& fn) {
    if (a.size() < lo || a.size() > hi) {
      if (lo == hi)
        raise("TypeError", fn + "() takes exactly " +
                               (lo == 1 ? std::string("one argument") : std::to_string(lo) + " arguments") +
                               " (" + std::to_string(a.size()) + " given)");
      raise("TypeError", fn + "() takes from " + std::to_string(lo) + " to " + std::to_string(hi) +
                             " positional arguments but " + std::to_string(a.size()) + " were given");
    }
  }

  Value kw_or(const Kwargs& kw, const std::string& name, Value fallback, const std::string& fn,
              std::initializer_list<const char*> allowed) {
    Value out = fallback;
    for (const auto& [k, v] : kw) {
      bool ok = false;
      for (const char* a : allowed) ok = ok || k == a;
      if (!ok) raise("TypeError", fn + "() got an unexpected keyword argument '" + k + "'");
      if (k == name) out = v;
    }
    return out;
  }

  Value call(Value callee, std::vector<Value> args, const Kwargs& kw, int line) {
    step();
    if (auto* b = as<BuiltinObj>(callee)) return call_builtin(b, std::move(args), kw, line);
    if (auto* m = as<MethodObj>(callee)) {
      args.insert(args.begin(), m->self);
      return call_function(m->fn, std::move(args), kw, line);
    }
    if (auto* fn = as<FuncObj>(callee)) return call_function(fn, std::move(args), kw, line);
    if (auto* c = as<ExcClass>(callee)) {
      if (!kw.empty()) raise("TypeError", c->name + "() takes no keyword arguments");
      if (c->name.find("ExceptionGroup") != std::string::npos) outside(line, "creating an exception group");
      return object(new_exc(c, std::move(args)));
    }
    if (auto* c = as<ClassObj>(callee)) {
      auto* inst = make<InstanceObj>();
      inst->cls = c;
      Value self = object(inst);
      auto init = c->attrs.find("__init__");
      if (init != c->attrs.end()) {
        auto* fn = as<FuncObj>(init->second);
        if (!fn) raise("TypeError", "__init__ is not a function");
        args.insert(args.begin(), self);
        Value r = call_function(fn, std::move(args), kw, line);
        if (as<CoroObj>(r)) raise("TypeError", "__init__() should return None, not 'coroutine'");
        if (r.k != K::none) raise("TypeError", "__init__() should return None, not '" + type_name(r) + "'");
      } else if (!args.empty() || !kw.empty()) {
        raise("TypeError", c->name + "() takes no arguments");
      }
      return self;
    }
    raise("TypeError", "'" + type_name(callee) + "' object is not callable");
  }

  Value call_function(FuncObj* fn, std::vector<Value> args, const Kwargs& kw, int line) {
    const Stmt& def = *fn->def;
    const std::size_t n = def.names.size();
    if (args.size() > n)
      raise("TypeError", def.name + "() takes " + std::to_string(n) + " positional argument" +
                             (n == 1 ? "" : "s") + " but " + std::to_string(args.size()) +
                             (args.size() == 1 ? " was" : " were") + " given");
    std::vector<bool> given(n, false);
    for (std::size_t i = 0; i < args.size(); ++i) given[i] = true;
    args.resize(n);
    for (const auto& [k, v] : kw) {
      std::size_t at = n;
      for (std::size_t i = 0; i < n; ++i)
        if (def.names[i] == k) at = i;
      if (at == n) raise("TypeError", def.name + "() got an unexpected keyword argument '" + k + "'");
      if (given[at]) raise("TypeError", def.name + "() got multiple values for argument '" + k + "'");
      args[at] = v;
      given[at] = true;
    }
    std::size_t first_default = n - fn->defaults.size();
    std::vector<std::string> missing;
    for (std::size_t i = 0; i < n; ++i) {
      if (given[i]) continue;
      if (i >= first_default)
        args[i] = fn->defaults[i - first_default];
      else
        missing.push_back("'" + def.names[i] + "'");
    }
    if (!missing.empty()) {
      std::string list_text;
      for (std::size_t i = 0; i < missing.size(); ++i) {
        if (i) list_text += (i + 1 == missing.size()) ? (missing.size() > 2 ? ", and " : " and ") : ", ";
        list_text += missing[i];
      }
      raise("TypeError", def.name + "() missing " + std::to_string(missing.size()) +
                             " required positional argument" + (missing.size() == 1 ? "" : "s") + ": " +
                             list_text);
    }
    if (def.is_async) {
      auto* c = make<CoroObj>();
      c->fn = fn;
      c->args = std::move(args);
      c->name = def.name;
      return object(c);
    }
    DepthGuard guard(*this, line);
    std::unordered_map<std::string, Value> locals;
    for (std::size_t i = 0; i < n; ++i) locals[def.names[i]] = args[i];
    Frame f;
    f.vars = &locals;
    exec_sync_block(def.body, f);
    return f.ret;
  }

  std::vector<Value> iterate(Value v, int line) {
    if (auto* l = as<ListObj>(v)) return l->items;
    if (auto* s = as<StrObj>(v)) {
      std::vector<Value> out;
      for (char c : s->s) out.push_back(str(std::string(1, c)));
      return out;
    }
    if (auto* r = as<RangeObj>(v)) {
      std::vector<Value> out;
      for (std::int64_t i = r->start; r->step > 0 ? i < r->stop : i > r->stop; i += r->step) {
        step();
        out.push_back(integer(i));
      }
      return out;
    }
    (void)line;
    raise("TypeError", "'" + type_name(v) + "' object is not iterable");
  }

  bool truthy(const Value& v) {
    switch (v.k) {
      case K::none:
        return false;
      case K::boolean:
        return v.b;
      case K::integer:
        return v.i != 0;
      case K::floating:
        return v.f != 0;
      case K::object:
        break;
    }
    if (auto* s = as<StrObj>(v)) return !s->s.empty();
    if (auto* l = as<ListObj>(v)) return !l->items.empty();
    if (auto* r = as<RangeObj>(v)) return r->step > 0 ? r->start < r->stop : r->start > r->stop;
    return true;
  }

  std::int64_t to_int(const Value& v, const std::string& fn) {
    if (v.k == K::integer) return v.i;
    if (v.k == K::boolean) return v.b ? 1 : 0;
    raise("TypeError", "'" + type_name(v) + "' object cannot be interpreted as an integer");
    (void)fn;
  }

  Value call_builtin(BuiltinObj* b, std::vector<Value> a, const Kwargs& kw, int line) {
    const std::string& fn = b->name;
    switch (b->id) {
      case B::print: {
        std::string sep = " ", end = "\n";
        for (const auto& [k, v] : kw) {
          if (k != "sep" && k != "end") outside(line, "print(" + k + "=...)");
          if (v.k == K::none) continue;
          auto* s = as<StrObj>(v);
          if (!s) raise("TypeError", k + " must be None or a string, not " + type_name(v));
          (k == "sep" ? sep : end) = s->s;
        }
        std::string text;
        for (std::size_t i = 0; i < a.size(); ++i) {
          if (i) text += sep;
          text += to_str(a[i], line);
        }
        write(text + end, line);
        return none();
      }
      case B::range: {
        no_kwargs(kw, fn);
        if (a.empty()) raise("TypeError", "range expected at least 1 argument, got 0");
        if (a.size() > 3)
          raise("TypeError", "range expected at most 3 arguments, got " + std::to_string(a.size()));
        auto* r = make<RangeObj>();
        if (a.size() == 1)
          r->stop = to_int(a[0], fn);
        else {
          r->start = to_int(a[0], fn);
          r->stop = to_int(a[1], fn);
          if (a.size() == 3) r->step = to_int(a[2], fn);
          if (r->step == 0) raise("ValueError", "range() arg 3 must not be zero");
        }
        return object(r);
      }
      case B::len: {
        no_kwargs(kw, fn);
        arity(a, 1, 1, fn);
        if (auto* s = as<StrObj>(a[0])) return integer(static_cast<std::int64_t>(s->s.size()));
        if (auto* l = as<ListObj>(a[0])) return integer(static_cast<std::int64_t>(l->items.size()));
        if (auto* r = as<RangeObj>(a[0])) {
          std::int64_t n = r->step > 0 ? (r->stop - r->start + r->step - 1) / r->step
                                       : (r->start - r->stop - r->step - 1) / -r->step;
          return integer(std::max<std::int64_t>(0, n));
        }
        raise("TypeError", "object of type '" + type_name(a[0]) + "' has no len()");
      }
      case B::str:
        no_kwargs(kw, fn);
        if (a.empty()) return str("");
        arity(a, 1, 1, fn);
        return str(to_str(a[0], line));
      case B::repr:
        no_kwargs(kw, fn);
        arity(a, 1, 1, fn);
        return str(to_repr(a[0], line));
      case B::type: {
        no_kwargs(kw, fn);
        if (a.size() != 1) outside(line, "type() with other than one argument");
        if (auto* e = as<ExcObj>(a[0])) return object(e->cls);
        if (auto* i = as<InstanceObj>(a[0])) return object(i->cls);
        auto* t = make<TypeObj>();
        t->name = type_name(a[0]);
        return object(t);
      }
      case B::now:
        no_kwargs(kw, fn);
        arity(a, 0, 0, fn);
        return floating(round3(now_ - 0.0));
      case B::isinstance: {
        no_kwargs(kw, fn);
        arity(a, 2, 2, fn);
        auto* e = as<ExcObj>(a[0]);
        std::vector<Value> classes = as<ListObj>(a[1]) ? as<ListObj>(a[1])->items : std::vector<Value>{a[1]};
        for (const Value& c : classes) {
          auto* cls = as<ExcClass>(c);
          if (!cls) outside(line, "isinstance() with other than exception classes");
          if (e && subclass(e->cls, cls)) return boolean(true);
        }
        return boolean(false);
      }
      case B::min:
      case B::max:
      case B::sum: {
        no_kwargs(kw, fn);
        std::vector<Value> items = a.size() == 1 ? iterate(a[0], line) : a;
        if (b->id == B::sum) {
          if (a.size() != 1) outside(line, "sum() with a start value");
          Value acc = integer(0);
          for (const Value& v : items) acc = binary("+", acc, v, line);
          return acc;
        }
        if (items.empty()) raise("ValueError", fn + "() arg is an empty sequence");
        Value best = items[0];
        for (std::size_t i = 1; i < items.size(); ++i)
          if (truthy(compare(b->id == B::min ? "<" : ">", items[i], best, line))) best = items[i];
        return best;
      }
      case B::abs:
        no_kwargs(kw, fn);
        arity(a, 1, 1, fn);
        if (a[0].k == K::integer) return a[0].i < 0 ? binary("-", integer(0), a[0], line) : a[0];
        if (a[0].k == K::floating) return floating(std::fabs(a[0].f));
        raise("TypeError", "bad operand type for abs(): '" + type_name(a[0]) + "'");
      case B::list:
        no_kwargs(kw, fn);
        if (a.empty()) return list({});
        arity(a, 1, 1, fn);
        return list(iterate(a[0], line));
      case B::int_:
        no_kwargs(kw, fn);
        arity(a, 1, 1, fn);
        if (a[0].k == K::integer) return a[0];
        if (a[0].k == K::boolean) return integer(a[0].b);
        if (a[0].k == K::floating) {
          if (!std::isfinite(a[0].f) || std::fabs(a[0].f) >= 9.2e18)
            outside(line, "int() of a float this large");
          return integer(static_cast<std::int64_t>(a[0].f));
        }
        outside(line, "int() of a " + type_name(a[0]));
      case B::float_:
        no_kwargs(kw, fn);
        arity(a, 1, 1, fn);
        if (a[0].k == K::floating) return a[0];
        if (a[0].k == K::integer || a[0].k == K::boolean) return floating(number(a[0], "float"));
        outside(line, "float() of a " + type_name(a[0]));
      case B::bool_:
        no_kwargs(kw, fn);
        arity(a, 1, 1, fn);
        return boolean(truthy(a[0]));
      case B::asyncio_run:
        if (a.size() != 1)
          raise("TypeError",
                "run() takes 1 positional argument but " + std::to_string(a.size()) + " were given");
        kw_or(kw, "debug", none(), fn, {"debug"});
        return asyncio_run(a[0], line);
      case B::sleep: {
        if (a.empty() || a.size() > 2) raise("TypeError", "sleep() takes from 1 to 2 positional arguments");
        Value result = a.size() > 1 ? a[1] : kw_or(kw, "result", none(), fn, {"result"});
        number(a[0], "sleep");
        auto* c = make<CoroObj>();
        c->kind = CoroKind::sleep;
        c->args = {a[0], result};
        c->name = "sleep";
        return object(c);
      }
      case B::wait_for: {
        Value timeout = a.size() > 1 ? a[1] : kw_or(kw, "timeout", none(), fn, {"timeout"});
        if (a.empty() || a.size() > 2 || (a.size() == 1 && kw.empty()))
          raise("TypeError", "wait_for() missing 1 required positional argument: 'timeout'");
        auto* c = make<CoroObj>();
        c->kind = CoroKind::wait_for;
        c->args = {a[0], timeout};
        c->name = "wait_for";
        return object(c);
      }
      case B::create_task: {
        kw_or(kw, "name", none(), fn, {"name"});
        arity(a, 1, 1, fn);
        auto* c = as<CoroObj>(a[0]);
        if (!running_) raise("RuntimeError", "no running event loop");
        if (!c) raise("TypeError", "a coroutine was expected, got " + to_repr(a[0], line));
        return object(create_task(c, line));
      }
      case B::gather: {
        Value re = kw_or(kw, "return_exceptions", boolean(false), fn, {"return_exceptions"});
        if (!running_ && !a.empty()) raise("RuntimeError", "no running event loop");
        return object(gather(a, truthy(re), line));
      }
      case B::timeout: {
        no_kwargs(kw, fn);
        arity(a, 1, 1, fn);
        if (!running_) raise("RuntimeError", "no running event loop");
        auto* cm = make<TimeoutObj>();
        cm->has_when = a[0].k != K::none;
        if (cm->has_when) cm->when = now_ + number(a[0], "timeout");
        return object(cm);
      }
      case B::task_group:
        no_kwargs(kw, fn);
        arity(a, 0, 0, fn);
        return object(make<TaskGroupObj>());
      case B::time_sleep: {
        no_kwargs(kw, fn);
        arity(a, 1, 1, fn);
        double s = number(a[0], "sleep");
        if (s < 0) raise("ValueError", "sleep length must be non-negative");
        if (!(now_ + s <= limits_.max_virtual_seconds))
          throw Error(ErrorCode::LimitExceeded,
                      "line " + std::to_string(line) + ": the virtual clock would pass " +
                          python_repr(limits_.max_virtual_seconds) + " s (the lab's budget)");
        now_ += s;
        blocked_ += s;
        return none();
      }
      case B::fut_cancel: {
        Value msg = a.size() > 0 ? a[0] : kw_or(kw, "msg", none(), fn, {"msg"});
        if (a.size() > 1) raise("TypeError", "cancel() takes at most 1 argument");
        return boolean(cancel(static_cast<FutureObj*>(b->self.o), msg));
      }
      case B::fut_done:
        arity(a, 0, 0, fn);
        return boolean(static_cast<FutureObj*>(b->self.o)->done());
      case B::fut_cancelled:
        arity(a, 0, 0, fn);
        return boolean(static_cast<FutureObj*>(b->self.o)->state == FState::cancelled);
      case B::fut_result:
        arity(a, 0, 0, fn);
        return future_result(static_cast<FutureObj*>(b->self.o));
      case B::fut_exception:
        arity(a, 0, 0, fn);
        return future_exception(static_cast<FutureObj*>(b->self.o));
      case B::task_cancelling:
        arity(a, 0, 0, fn);
        return integer(static_cast<TaskObj*>(b->self.o)->num_cancels);
      case B::task_uncancel:
        arity(a, 0, 0, fn);
        return integer(task_uncancel(static_cast<TaskObj*>(b->self.o)));
      case B::list_append:
        no_kwargs(kw, fn);
        arity(a, 1, 1, fn);
        static_cast<ListObj*>(b->self.o)->items.push_back(a[0]);
        return none();
      case B::tg_create_task:
        kw_or(kw, "name", none(), fn, {"name"});
        arity(a, 1, 1, fn);
        return object(tg_create_task(static_cast<TaskGroupObj*>(b->self.o), a[0], line));
    }
    outside(line, fn + "()");
  }

  // ------------------------------------------------------------ operators

  Value checked(bool overflow, std::int64_t r, int line) {
    if (overflow) outside(line, "an integer beyond 64 bits");
    return integer(r);
  }

  Value binary(const std::string& op, Value a, Value b, int line) {
    if (a.k == K::boolean) a = integer(a.b);
    if (b.k == K::boolean) b = integer(b.b);
    if (a.k == K::integer && b.k == K::integer) {
      std::int64_t r = 0;
      if (op == "+") {
        bool overflow = __builtin_add_overflow(a.i, b.i, &r);
        return checked(overflow, r, line);
      }
      if (op == "-") {
        bool overflow = __builtin_sub_overflow(a.i, b.i, &r);
        return checked(overflow, r, line);
      }
      if (op == "*") {
        bool overflow = __builtin_mul_overflow(a.i, b.i, &r);
        return checked(overflow, r, line);
      }
      if (op == "/") {
        if (b.i == 0) raise("ZeroDivisionError", "division by zero");
        return floating(static_cast<double>(a.i) / static_cast<double>(b.i));
      }
      if (b.i == 0) raise("ZeroDivisionError", "integer division or modulo by zero");
      if (a.i == INT64_MIN && b.i == -1) outside(line, "an integer beyond 64 bits");
      std::int64_t q = a.i / b.i, m = a.i % b.i;
      if (m != 0 && ((m < 0) != (b.i < 0))) --q, m += b.i;
      return integer(op == "//" ? q : m);
    }
    if ((a.k == K::integer || a.k == K::floating) && (b.k == K::integer || b.k == K::floating)) {
      double x = number(a, op.c_str()), y = number(b, op.c_str());
      if (op == "+") return floating(x + y);
      if (op == "-") return floating(x - y);
      if (op == "*") return floating(x * y);
      if (y == 0)
        raise("ZeroDivisionError", op == "/"    ? "float division by zero"
                                   : op == "//" ? "float floor division by zero"
                                                : "float modulo");
      if (op == "/") return floating(x / y);
      double m = std::fmod(x, y);
      if (m != 0 && ((m < 0) != (y < 0))) m += y;
      if (op == "%") return floating(m);
      outside(line, "float floor division");
    }
    auto* sa = as<StrObj>(a);
    auto* sb = as<StrObj>(b);
    if (sa && sb && op == "+") return str(sa->s + sb->s);
    auto* la = as<ListObj>(a);
    auto* lb = as<ListObj>(b);
    if (la && lb && op == "+" && la->tuple == lb->tuple) {
      std::vector<Value> items = la->items;
      items.insert(items.end(), lb->items.begin(), lb->items.end());
      return list(std::move(items), la->tuple);
    }
    if (op == "*" && ((sa || la) && b.k == K::integer)) return repeat(a, b.i, line);
    if (op == "*" && ((sb || lb) && a.k == K::integer)) return repeat(b, a.i, line);
    if (op == "%" && sa) outside(line, "%-formatting");
    raise("TypeError",
          "unsupported operand type(s) for " + op + ": '" + type_name(a) + "' and '" + type_name(b) + "'");
  }

  Value repeat(Value seq, std::int64_t n, int line) {
    if (n < 0) n = 0;
    if (auto* s = as<StrObj>(seq)) {
      if (static_cast<double>(s->s.size()) * static_cast<double>(n) >
          static_cast<double>(limits_.max_output_bytes))
        throw Error(ErrorCode::LimitExceeded,
                    "line " + std::to_string(line) + ": a string longer than the lab's budget");
      std::string out;
      for (std::int64_t i = 0; i < n; ++i) out += s->s;
      return str(out);
    }
    auto* l = as<ListObj>(seq);
    if (static_cast<double>(l->items.size()) * static_cast<double>(n) > 1e6)
      throw Error(ErrorCode::LimitExceeded,
                  "line " + std::to_string(line) + ": a list longer than the lab's budget");
    std::vector<Value> items;
    for (std::int64_t i = 0; i < n; ++i) items.insert(items.end(), l->items.begin(), l->items.end());
    return list(std::move(items), l->tuple);
  }

  bool equal(const Value& a, const Value& b, int depth = 0) {
    if (depth > max_nesting) return false;
    bool na = a.k == K::integer || a.k == K::floating || a.k == K::boolean;
    bool nb = b.k == K::integer || b.k == K::floating || b.k == K::boolean;
    if (na && nb) {
      if (a.k != K::floating && b.k != K::floating)
        return number(a, "==") == number(b, "==") && to_int(a, "") == to_int(b, "");
      return number(a, "==") == number(b, "==");
    }
    if (a.k == K::none || b.k == K::none) return a.k == b.k;
    if (a.k != K::object || b.k != K::object) return false;
    auto* sa = as<StrObj>(a);
    auto* sb = as<StrObj>(b);
    if (sa && sb) return sa->s == sb->s;
    auto* la = as<ListObj>(a);
    auto* lb = as<ListObj>(b);
    if (la && lb) {
      if (la->tuple != lb->tuple || la->items.size() != lb->items.size()) return false;
      for (std::size_t i = 0; i < la->items.size(); ++i)
        if (!equal(la->items[i], lb->items[i], depth + 1)) return false;
      return true;
    }
    return a.o == b.o;
  }

  Value compare(const std::string& op, const Value& a, const Value& b, int line) {
    if (op == "==") return boolean(equal(a, b));
    if (op == "!=") return boolean(!equal(a, b));
    if (op == "is" || op == "is not") {
      bool same = a.k == b.k &&
                  (a.k == K::none || (a.k == K::boolean && a.b == b.b) || (a.k == K::object && a.o == b.o));
      if (a.k == K::integer || a.k == K::floating || b.k == K::integer || b.k == K::floating)
        outside(line, "'is' with numbers");
      return boolean(op == "is" ? same : !same);
    }
    if (op == "in" || op == "not in") {
      bool found = false;
      if (auto* s = as<StrObj>(b)) {
        auto* needle = as<StrObj>(a);
        if (!needle) raise("TypeError", "'in <string>' requires string as left operand, not " + type_name(a));
        found = s->s.find(needle->s) != std::string::npos;
      } else {
        for (const Value& v : iterate(b, line))
          if (equal(a, v)) found = true;
      }
      return boolean(op == "in" ? found : !found);
    }
    bool na = a.k == K::integer || a.k == K::floating || a.k == K::boolean;
    bool nb = b.k == K::integer || b.k == K::floating || b.k == K::boolean;
    int c = 0;
    if (na && nb) {
      if (a.k != K::floating && b.k != K::floating) {
        std::int64_t x = to_int(a, ""), y = to_int(b, "");
        c = x < y ? -1 : x > y ? 1 : 0;
      } else {
        double x = number(a, ""), y = number(b, "");
        if (std::isnan(x) || std::isnan(y)) return boolean(false);
        c = x < y ? -1 : x > y ? 1 : 0;
      }
    } else if (as<StrObj>(a) && as<StrObj>(b)) {
      int r = as<StrObj>(a)->s.compare(as<StrObj>(b)->s);
      c = r < 0 ? -1 : r > 0 ? 1 : 0;
    } else {
      raise("TypeError", "'" + op + "' not supported between instances of '" + type_name(a) + "' and '" +
                             type_name(b) + "'");
    }
    if (op == "<") return boolean(c < 0);
    if (op == "<=") return boolean(c <= 0);
    if (op == ">") return boolean(c > 0);
    return boolean(c >= 0);
  }

  Value subscript(Value obj, Value index, int line) {
    if (auto* l = as<ListObj>(obj)) {
      std::int64_t i = index.k == K::integer ? index.i
                       : index.k == K::boolean
                           ? index.b
                           : (raise("TypeError", std::string(l->tuple ? "tuple" : "list") +
                                                     " indices must be integers, not " + type_name(index)),
                              0);
      std::int64_t n = static_cast<std::int64_t>(l->items.size());
      if (i < 0) i += n;
      if (i < 0 || i >= n)
        raise("IndexError", std::string(l->tuple ? "tuple" : "list") + " index out of range");
      return l->items[static_cast<std::size_t>(i)];
    }
    if (auto* s = as<StrObj>(obj)) {
      if (index.k != K::integer) raise("TypeError", "string indices must be integers");
      std::int64_t i = index.i, n = static_cast<std::int64_t>(s->s.size());
      if (i < 0) i += n;
      if (i < 0 || i >= n) raise("IndexError", "string index out of range");
      return str(std::string(1, s->s[static_cast<std::size_t>(i)]));
    }
    (void)line;
    raise("TypeError", "'" + type_name(obj) + "' object is not subscriptable");
  }

  void assign(const Expr& target, Value v, Frame& f, Value obj = none(), Value index = none()) {
    if (target.kind == ExprKind::name) {
      (*f.vars)[target.value] = v;
    } else if (target.kind == ExprKind::attribute) {
      set_attr(obj, target.value, v, target.line);
    } else {
      auto* l = as<ListObj>(obj);
      if (!l || l->tuple)
        raise("TypeError", "'" + type_name(obj) + "' object does not support item assignment");
      if (index.k != K::integer) raise("TypeError", "list indices must be integers, not " + type_name(index));
      std::int64_t i = index.i, n = static_cast<std::int64_t>(l->items.size());
      if (i < 0) i += n;
      if (i < 0 || i >= n) raise("IndexError", "list assignment index out of range");
      l->items[static_cast<std::size_t>(i)] = v;
    }
  }

  // ------------------------------------------------------------ expressions (no await inside)

  Value eval(const Expr& e, Frame& f) {
    step();
    switch (e.kind) {
      case ExprKind::name:
        return lookup(e.value, f, e.line);
      case ExprKind::integer:
        return integer(e.integer);
      case ExprKind::floating:
        return floating(e.number);
      case ExprKind::string:
        return str(e.value);
      case ExprKind::constant:
        return e.value == "None" ? none() : boolean(e.value == "True");
      case ExprKind::fstring: {
        std::string s;
        for (std::size_t i = 0; i < e.items.size(); ++i)
          s += e.literal_part[i] ? e.items[i]->value : to_str(eval(*e.items[i], f), e.line);
        return str(s);
      }
      case ExprKind::list:
      case ExprKind::tuple: {
        std::vector<Value> items;
        for (const auto& x : e.items) items.push_back(eval(*x, f));
        return list(std::move(items), e.kind == ExprKind::tuple);
      }
      case ExprKind::listcomp: {
        std::vector<Value> out;
        for (const Value& v : iterate(eval(*e.items[1], f), e.line)) {
          (*f.vars)[e.target] = v;
          if (e.items.size() > 2 && !truthy(eval(*e.items[2], f))) continue;
          out.push_back(eval(*e.items[0], f));
        }
        return list(std::move(out));
      }
      case ExprKind::attribute:
        return get_attr(eval(*e.items[0], f), e.value, e.line);
      case ExprKind::subscript: {
        Value obj = eval(*e.items[0], f);
        return subscript(obj, eval(*e.items[1], f), e.line);
      }
      case ExprKind::call: {
        Value callee = eval(*e.items[0], f);
        std::vector<Value> args;
        Kwargs kw;
        for (std::size_t i = 1; i < e.items.size(); ++i) add_arg(e, i, eval(*e.items[i], f), args, kw);
        return call(callee, std::move(args), kw, e.line);
      }
      case ExprKind::unary:
        return unary(e, eval(*e.items[0], f));
      case ExprKind::binary: {
        Value a = eval(*e.items[0], f);
        return binary(e.value, a, eval(*e.items[1], f), e.line);
      }
      case ExprKind::compare: {
        Value a = eval(*e.items[0], f);
        return compare(e.value, a, eval(*e.items[1], f), e.line);
      }
      case ExprKind::boolean_op: {
        Value a = eval(*e.items[0], f);
        if (e.value == "and" ? !truthy(a) : truthy(a)) return a;
        return eval(*e.items[1], f);
      }
      case ExprKind::ifexp:
        return truthy(eval(*e.items[1], f)) ? eval(*e.items[0], f) : eval(*e.items[2], f);
      case ExprKind::await:
        break;
    }
    throw Error(ErrorCode::Internal, "await in a synchronous expression");
  }

  void add_arg(const Expr& e, std::size_t i, Value v, std::vector<Value>& args, Kwargs& kw) {
    if (!e.keywords[i - 1].empty()) {
      for (const auto& [k, _] : kw)
        if (k == e.keywords[i - 1])
          throw Error(ErrorCode::SyntaxError,
                      "line " + std::to_string(e.line) + ": keyword argument repeated: " + k);
      kw.push_back({e.keywords[i - 1], v});
    } else if (e.star[i - 1]) {
      for (const Value& x : iterate(v, e.line)) args.push_back(x);
    } else {
      args.push_back(v);
    }
  }

  Value unary(const Expr& e, Value v) {
    if (e.value == "not") return boolean(!truthy(v));
    if (v.k == K::boolean) v = integer(v.b);
    if (v.k == K::integer) return binary("-", integer(0), v, e.line);
    if (v.k == K::floating) return floating(-v.f);
    raise("TypeError", "bad operand type for unary -: '" + type_name(v) + "'");
  }

  // ------------------------------------------------------------ expressions that await

  Co<Value> eval_async(const Expr& e, Frame& f) {
    if (!e.has_await) co_return eval(e, f);
    step();
    switch (e.kind) {
      case ExprKind::await: {
        Value v = co_await eval_async(*e.items[0], f);
        if (current_ && !current_->frames.empty()) current_->frames.back().second = e.line;
        co_return co_await await_value(v, e.line);
      }
      case ExprKind::fstring: {
        std::string s;
        for (std::size_t i = 0; i < e.items.size(); ++i)
          s += e.literal_part[i] ? e.items[i]->value : to_str(co_await eval_async(*e.items[i], f), e.line);
        co_return str(s);
      }
      case ExprKind::list:
      case ExprKind::tuple: {
        std::vector<Value> items;
        for (const auto& x : e.items) items.push_back(co_await eval_async(*x, f));
        co_return list(std::move(items), e.kind == ExprKind::tuple);
      }
      case ExprKind::attribute:
        co_return get_attr(co_await eval_async(*e.items[0], f), e.value, e.line);
      case ExprKind::subscript: {
        Value obj = co_await eval_async(*e.items[0], f);
        Value index = co_await eval_async(*e.items[1], f);
        co_return subscript(obj, index, e.line);
      }
      case ExprKind::call: {
        Value callee = co_await eval_async(*e.items[0], f);
        std::vector<Value> args;
        Kwargs kw;
        for (std::size_t i = 1; i < e.items.size(); ++i) {
          Value v = co_await eval_async(*e.items[i], f);
          add_arg(e, i, v, args, kw);
        }
        co_return call(callee, std::move(args), kw, e.line);
      }
      case ExprKind::unary:
        co_return unary(e, co_await eval_async(*e.items[0], f));
      case ExprKind::binary: {
        Value a = co_await eval_async(*e.items[0], f);
        Value b = co_await eval_async(*e.items[1], f);
        co_return binary(e.value, a, b, e.line);
      }
      case ExprKind::compare: {
        Value a = co_await eval_async(*e.items[0], f);
        Value b = co_await eval_async(*e.items[1], f);
        co_return compare(e.value, a, b, e.line);
      }
      case ExprKind::boolean_op: {
        Value a = co_await eval_async(*e.items[0], f);
        if (e.value == "and" ? !truthy(a) : truthy(a)) co_return a;
        co_return co_await eval_async(*e.items[1], f);
      }
      case ExprKind::ifexp: {
        bool c = truthy(co_await eval_async(*e.items[1], f));
        co_return co_await eval_async(*e.items[c ? 0 : 2], f);
      }
      default:
        break;
    }
    throw Error(ErrorCode::Internal, "unexpected await");
  }

  // ------------------------------------------------------------ statements

  void mark_line(int line) {
    if (current_ && !current_->frames.empty()) current_->frames.back().second = line;
  }

  Flow exec_sync_block(const Block& b, Frame& f) {
    for (const auto& s : b) {
      Flow flow = exec_sync(*s, f);
      if (flow != Flow::normal) return flow;
    }
    return Flow::normal;
  }

  bool matches(const Handler& h, ExcObj* e, Frame& f) {
    if (!h.type) return true;
    Value t = eval(*h.type, f);
    std::vector<Value> classes =
        as<ListObj>(t) && as<ListObj>(t)->tuple ? as<ListObj>(t)->items : std::vector<Value>{t};
    for (const Value& c : classes) {
      auto* cls = as<ExcClass>(c);
      if (!cls) raise("TypeError", "catching classes that do not inherit from BaseException is not allowed");
      if (subclass(e->cls, cls)) return true;
    }
    return false;
  }

  ExcObj* make_raised(const Stmt& s, Frame& f, Value v) {
    if (s.value == nullptr) {
      if (!f.handling) raise("RuntimeError", "No active exception to reraise");
      return f.handling;
    }
    if (auto* c = as<ExcClass>(v)) {
      if (c->name.find("ExceptionGroup") != std::string::npos) outside(s.line, "raising an exception group");
      return new_exc(c);
    }
    if (auto* e = as<ExcObj>(v)) return e;
    raise("TypeError", "exceptions must derive from BaseException");
  }

  Flow exec_sync(const Stmt& s, Frame& f) {
    step();
    mark_line(s.line);
    switch (s.kind) {
      case StmtKind::expr:
        eval(*s.value, f);
        return Flow::normal;
      case StmtKind::assign:
        return do_assign(s, f, eval(*s.value, f), false);
      case StmtKind::aug_assign:
        return do_assign(s, f, eval(*s.value, f), true);
      case StmtKind::pass:
        return Flow::normal;
      case StmtKind::break_:
        return Flow::break_;
      case StmtKind::continue_:
        return Flow::continue_;
      case StmtKind::return_:
        f.ret = s.value ? eval(*s.value, f) : none();
        return Flow::return_;
      case StmtKind::raise: {
        Value v = s.value ? eval(*s.value, f) : none();
        if (s.cause) eval(*s.cause, f);
        throw PyRaise{make_raised(s, f, v)};
      }
      case StmtKind::import:
        (*f.vars)[s.name] = object(s.name == "asyncio" ? asyncio_ : time_);
        return Flow::normal;
      case StmtKind::if_:
        return truthy(eval(*s.value, f)) ? exec_sync_block(s.body, f) : exec_sync_block(s.orelse, f);
      case StmtKind::while_:
        while (truthy(eval(*s.value, f))) {
          Flow flow = exec_sync_block(s.body, f);
          if (flow == Flow::break_) break;
          if (flow == Flow::return_) return flow;
        }
        return Flow::normal;
      case StmtKind::for_: {
        Value it = eval(*s.value, f);
        if (auto* r = as<RangeObj>(it)) {
          for (std::int64_t i = r->start; r->step > 0 ? i < r->stop : i > r->stop; i += r->step) {
            (*f.vars)[s.name] = integer(i);
            Flow flow = exec_sync_block(s.body, f);
            if (flow == Flow::break_) break;
            if (flow == Flow::return_) return flow;
          }
          return Flow::normal;
        }
        for (const Value& v : iterate(it, s.line)) {
          (*f.vars)[s.name] = v;
          Flow flow = exec_sync_block(s.body, f);
          if (flow == Flow::break_) break;
          if (flow == Flow::return_) return flow;
        }
        return Flow::normal;
      }
      case StmtKind::try_:
        return exec_sync_try(s, f);
      case StmtKind::def: {
        auto* fn = make<FuncObj>();
        fn->def = &s;
        for (const auto& d : s.defaults) fn->defaults.push_back(eval(*d, f));
        (*f.vars)[s.name] = object(fn);
        return Flow::normal;
      }
      case StmtKind::class_: {
        auto* c = make<ClassObj>();
        c->name = s.name;
        std::unordered_map<std::string, Value> body;
        Frame cf;
        cf.vars = &body;
        exec_sync_block(s.body, cf);
        for (auto& [k, v] : body) c->attrs[k] = v;
        (*f.vars)[s.name] = object(c);
        return Flow::normal;
      }
      case StmtKind::with_:
        break;
    }
    throw Error(ErrorCode::Internal, "unexpected statement");
  }

  Flow do_assign(const Stmt& s, Frame& f, Value v, bool aug) {
    const Expr& t = *s.target;
    Value obj, index;
    if (t.kind == ExprKind::attribute) obj = eval(*t.items[0], f);
    if (t.kind == ExprKind::subscript) obj = eval(*t.items[0], f), index = eval(*t.items[1], f);
    if (aug) {
      Value old = t.kind == ExprKind::name        ? lookup(t.value, f, t.line)
                  : t.kind == ExprKind::attribute ? get_attr(obj, t.value, t.line)
                                                  : subscript(obj, index, t.line);
      if (auto* l = as<ListObj>(old); l && s.op == "+" && !l->tuple) {
        for (const Value& x : iterate(v, s.line)) l->items.push_back(x);
        v = old;
      } else {
        v = binary(s.op, old, v, s.line);
      }
    }
    assign(t, v, f, obj, index);
    return Flow::normal;
  }

  Flow exec_sync_try(const Stmt& s, Frame& f) {
    Flow flow = Flow::normal;
    std::exception_ptr pending;
    try {
      ExcObj* caught = nullptr;
      try {
        flow = exec_sync_block(s.body, f);
      } catch (const PyRaise& e) {
        caught = e.exc;
      }
      if (caught) {
        const Handler* h = nullptr;
        for (const auto& handler : s.handlers)
          if (matches(handler, caught, f)) {
            h = &handler;
            break;
          }
        if (!h) throw PyRaise{caught};
        if (!h->name.empty()) (*f.vars)[h->name] = object(caught);
        ExcObj* saved = f.handling;
        f.handling = caught;
        try {
          flow = exec_sync_block(h->body, f);
        } catch (...) {
          f.handling = saved;
          throw;
        }
        f.handling = saved;
        if (!h->name.empty()) f.vars->erase(h->name);
      } else if (flow == Flow::normal) {
        flow = exec_sync_block(s.orelse, f);
      }
    } catch (const PyRaise&) {
      pending = std::current_exception();
    }
    if (!s.finally_body.empty()) {
      Value saved_ret = f.ret;
      Flow ff = exec_sync_block(s.finally_body, f);
      if (ff != Flow::normal) return ff;  // return/break in finally swallows the exception
      f.ret = saved_ret;
    }
    if (pending) std::rethrow_exception(pending);
    return flow;
  }

  Co<Flow> exec_block(const Block& b, Frame& f) {
    for (const auto& s : b) {
      Flow flow = s->has_await ? co_await exec_async(*s, f) : exec_sync(*s, f);
      if (flow != Flow::normal) co_return flow;
    }
    co_return Flow::normal;
  }

  Co<Flow> exec_async(const Stmt& s, Frame& f) {
    step();
    mark_line(s.line);
    switch (s.kind) {
      case StmtKind::expr:
        co_await eval_async(*s.value, f);
        co_return Flow::normal;
      case StmtKind::assign:
      case StmtKind::aug_assign: {
        const Expr& t = *s.target;
        Value v = co_await eval_async(*s.value, f);
        if (t.has_await) outside(s.line, "'await' inside an assignment target");
        co_return do_assign(s, f, v, s.kind == StmtKind::aug_assign);
      }
      case StmtKind::return_:
        f.ret = co_await eval_async(*s.value, f);
        co_return Flow::return_;
      case StmtKind::raise: {
        Value v = s.value ? co_await eval_async(*s.value, f) : none();
        if (s.cause) co_await eval_async(*s.cause, f);
        throw PyRaise{make_raised(s, f, v)};
      }
      case StmtKind::if_: {
        bool c = truthy(co_await eval_async(*s.value, f));
        co_return co_await exec_block(c ? s.body : s.orelse, f);
      }
      case StmtKind::while_:
        while (truthy(co_await eval_async(*s.value, f))) {
          Flow flow = co_await exec_block(s.body, f);
          if (flow == Flow::break_) break;
          if (flow == Flow::return_) co_return flow;
        }
        co_return Flow::normal;
      case StmtKind::for_: {
        if (s.is_async) co_return co_await exec_async_for(s, f);
        Value it = co_await eval_async(*s.value, f);
        if (auto* r = as<RangeObj>(it)) {
          for (std::int64_t i = r->start; r->step > 0 ? i < r->stop : i > r->stop; i += r->step) {
            (*f.vars)[s.name] = integer(i);
            Flow flow = co_await exec_block(s.body, f);
            if (flow == Flow::break_) break;
            if (flow == Flow::return_) co_return flow;
          }
          co_return Flow::normal;
        }
        for (const Value& v : iterate(it, s.line)) {
          (*f.vars)[s.name] = v;
          Flow flow = co_await exec_block(s.body, f);
          if (flow == Flow::break_) break;
          if (flow == Flow::return_) co_return flow;
        }
        co_return Flow::normal;
      }
      case StmtKind::try_:
        co_return co_await exec_async_try(s, f);
      case StmtKind::with_:
        co_return co_await exec_with(s, f, 0);
      default:
        co_return exec_sync(s, f);
    }
  }

  Co<Flow> exec_async_try(const Stmt& s, Frame& f) {
    Flow flow = Flow::normal;
    ExcObj* pending = nullptr;
    ExcObj* caught = nullptr;
    try {
      flow = co_await exec_block(s.body, f);
    } catch (const PyRaise& e) {
      caught = e.exc;
    }
    if (caught) {
      const Handler* h = nullptr;
      try {
        for (const auto& handler : s.handlers)
          if (matches(handler, caught, f)) {
            h = &handler;
            break;
          }
      } catch (const PyRaise& e) {
        pending = e.exc;
      }
      if (!pending && !h) pending = caught;
      if (h && !pending) {
        if (!h->name.empty()) (*f.vars)[h->name] = object(caught);
        ExcObj* saved = f.handling;
        f.handling = caught;
        try {
          flow = co_await exec_block(h->body, f);
        } catch (const PyRaise& e) {
          pending = e.exc;
        }
        f.handling = saved;
        if (!h->name.empty()) f.vars->erase(h->name);
      }
    } else if (flow == Flow::normal && !s.orelse.empty()) {
      try {
        flow = co_await exec_block(s.orelse, f);
      } catch (const PyRaise& e) {
        pending = e.exc;
      }
    }
    if (!s.finally_body.empty()) {
      Value saved_ret = f.ret;
      Flow ff = co_await exec_block(s.finally_body, f);
      if (ff != Flow::normal) co_return ff;
      f.ret = saved_ret;
    }
    if (pending) throw PyRaise{pending};
    co_return flow;
  }

  Co<Flow> exec_async_for(const Stmt& s, Frame& f) {
    Value obj = co_await eval_async(*s.value, f);
    Value it;
    if (as<InstanceObj>(obj)) {
      Value aiter = get_attr(obj, "__aiter__", s.line);
      it = call(aiter, {}, {}, s.line);
    } else {
      raise("TypeError", "'async for' requires an object with __aiter__ method, got " + type_name(obj));
    }
    while (true) {
      Value item;
      bool stop = false;
      try {
        if (!as<InstanceObj>(it))
          raise("TypeError",
                "'async for' received an object from __aiter__ that does not implement __anext__: " +
                    type_name(it));
        Value next = call(get_attr(it, "__anext__", s.line), {}, {}, s.line);
        item = co_await await_value(next, s.line);
      } catch (const PyRaise& e) {
        if (e.exc->cls != exc_.at("StopAsyncIteration")) throw;
        stop = true;
      }
      if (stop) break;
      (*f.vars)[s.name] = item;
      Flow flow = co_await exec_block(s.body, f);
      if (flow == Flow::break_) break;
      if (flow == Flow::return_) co_return flow;
    }
    co_return Flow::normal;
  }

  Co<Value> aenter(Value mgr, int line) {
    if (auto* t = as<TimeoutObj>(mgr)) {
      timeout_enter(t);
      co_return mgr;
    }
    if (auto* g = as<TaskGroupObj>(mgr)) {
      tg_enter(g);
      co_return mgr;
    }
    if (auto* i = as<InstanceObj>(mgr)) {
      if (!i->cls->attrs.count("__aenter__") || !i->cls->attrs.count("__aexit__"))
        raise("TypeError",
              "'" + i->cls->name + "' object does not support the asynchronous context manager protocol");
      Value r = call(get_attr(mgr, "__aenter__", line), {}, {}, line);
      co_return co_await await_value(r, line);
    }
    raise("TypeError",
          "'" + type_name(mgr) + "' object does not support the asynchronous context manager protocol");
  }

  /// __aexit__: returns whether it suppressed the exception.
  Co<bool> aexit(Value mgr, ExcObj* exc, int line) {
    if (auto* t = as<TimeoutObj>(mgr)) {
      timeout_exit(t, exc);
      co_return false;
    }
    if (auto* g = as<TaskGroupObj>(mgr)) {
      co_await tg_exit(g, exc);
      co_return false;
    }
    std::vector<Value> args = {none(), none(), none()};
    if (exc) args = {object(exc->cls), object(exc), none()};
    Value r = call(get_attr(mgr, "__aexit__", line), std::move(args), {}, line);
    Value v = co_await await_value(r, line);
    co_return truthy(v);
  }

  Co<Flow> exec_with(const Stmt& s, Frame& f, std::size_t k) {
    if (k == s.items.size()) co_return co_await exec_block(s.body, f);
    Value mgr = co_await eval_async(*s.items[k], f);
    Value entered = co_await aenter(mgr, s.line);
    if (!s.names[k].empty()) (*f.vars)[s.names[k]] = entered;
    Flow flow = Flow::normal;
    ExcObj* raised = nullptr;
    try {
      flow = co_await exec_with(s, f, k + 1);
    } catch (const PyRaise& e) {
      raised = e.exc;
    }
    mark_line(s.line);
    bool suppress = co_await aexit(mgr, raised, s.line);
    if (raised && !suppress) throw PyRaise{raised};
    co_return raised ? Flow::normal : flow;
  }
};

}  // namespace

RunResult run_program(const std::string& program, int minor, bool trace, const Limits& limits,
                      RunContext& ctx) {
  RunResult out;
  Program parsed;
  try {
    parsed = parse(program);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::Cancelled) throw;
    out.ok = false;
    out.code = e.code();
    out.message = e.what();
    return out;
  }
  auto interp = std::make_unique<Interp>(parsed, minor, trace, limits, ctx, out);
  try {
    interp->run();
  } catch (const PyRaise& e) {
    out.ok = false;
    auto [code, message] = interp->describe(e.exc);
    out.code = code;
    out.message = message;
  } catch (const Error& e) {
    if (e.code() == ErrorCode::Cancelled) throw;
    out.ok = false;
    out.code = e.code();
    out.message = e.what();
  }
  interp->finish();
  return out;
}

}  // namespace llplay::aio
