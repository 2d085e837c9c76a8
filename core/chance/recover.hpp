// Predicting MT19937: 624 consecutive 32-bit outputs give back its whole state, and so every later output.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "../run_context.hpp"
#include "mt19937.hpp"

namespace llplay::chance {

/// What the recovery found.
struct Recovery {
  std::array<std::uint32_t, Mt19937::n> state{};  ///< the untempered words: the state that made the outputs
  std::vector<std::uint32_t> predicted;           ///< the next outputs, from that state
};

/// Untempers 624 consecutive getrandbits(32) outputs into the state words, then runs the generator on
/// from there for `next` outputs. The caller checks that there are exactly 624.
Recovery recover(const std::vector<std::uint32_t>& outputs, std::size_t next, RunContext& ctx);

/// The birthday problem run live: `trials` rooms of `people`, each birthday random.randrange(365) from
/// `gen` (as `[rng.randrange(365) for _ in range(people)]` draws them), and how many rooms had a
/// shared birthday. The exact probability is 1 - (365/365)(364/365)...(365-people+1)/365.
struct Birthday {
  std::uint64_t shared = 0;
  double exact = 0;
};
Birthday birthday(Mt19937& gen, int people, std::uint64_t trials, RunContext& ctx);

}  // namespace llplay::chance
