// "Variables are sticky notes": a small model of CPython's objects, run one statement at a time.
// Objects have an id (a simulated address: in CPython, id() is the object's address), a type, a
// reference count and a value; names are notes stuck on them. Reference counting frees an object the
// moment its count reaches zero; a generational collector (three generations, thresholds 700/10/10)
// finds the cycles counting cannot. Weak references, a finalizer that resurrects its object, the
// small-int cache and string interning behave as in the CPython version asked for (3.10 to 3.13: the
// sizes, the collector's threshold, and from 3.12 the immortal objects, PEP 683).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../python_version.hpp"
#include "../run_context.hpp"

namespace llplay::memory::sandbox {

using json = nlohmann::json;

/// The statements the sandbox understands, for error messages and the page's help.
extern const char* const grammar;

/// Runs `lines` from a fresh interpreter, one line at a time (a line may hold several statements
/// separated by ';', compiled together as one unit, so equal constants in it are one object).
/// Returns {"steps": [{statement, output, error, events, state}], "python": "3.12", "version":
/// "CPython 3.12, 64-bit"}: `state` is
/// the names, objects and collector after that line. A Python exception (NameError, ...) is that
/// step's `error` and leaves the state as it was, as at the >>> prompt.
/// Throws Error{BadParams} naming the line for text that is not a statement it knows, before
/// anything runs; Error{LimitExceeded} past a budget (steps, objects, output, the states' size: see
/// sandbox_interpreter.hpp); Error{Cancelled} when ctx is cancelled.
json run(const std::vector<std::string>& lines, python::Version version, RunContext& ctx);

/// The same, with no cancel and no progress (for tests).
json run(const std::vector<std::string>& lines, python::Version version = python::Version::v3_13);

}  // namespace llplay::memory::sandbox
