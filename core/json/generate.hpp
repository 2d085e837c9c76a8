// Payloads for the JSON lab: random chaotic ones and the deep-nesting exploit (the series' webhook is in
// core/examples.hpp).
#pragma once

#include <cstdint>
#include <string>

#include "../run_context.hpp"

namespace llplay::json_lab {

/// Random webhook events whose schema drifts: user_email at varying depths, inside arrays, nested in
/// its own value, duplicated, and spelled with an escape ("user\u005femail"); strings with escapes
/// and non-ASCII text; ints, floats and exponents. About `bytes` long, nested at most `max_depth`,
/// the same for the same seed.
std::string random_payload(std::size_t bytes, int max_depth, std::uint64_t seed, RunContext& ctx);

/// {"a": {"a": ... {"a": 1} ... }}, `depth` objects deep: the series' attack on recursive parsers.
std::string exploit_payload(std::int64_t depth);

}  // namespace llplay::json_lab
