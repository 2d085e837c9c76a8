// Predicting MT19937 from 624 outputs, and the birthday problem on Python's generator.
#include "recover.hpp"

namespace llplay::chance {

// llplay:source random.recover
Recovery recover(const std::vector<std::uint32_t>& outputs, std::size_t next, RunContext& ctx) {
  Recovery out;
  // Each output is one state word, tempered: untempering gives the word back.
  for (int i = 0; i < Mt19937::n; ++i)
    out.state[static_cast<std::size_t>(i)] = Mt19937::untemper(outputs[static_cast<std::size_t>(i)]);
  // Those 624 words are the whole state, used up: the next output twists them first, as CPython will.
  Mt19937 clone;
  clone.set_state(out.state, Mt19937::n);
  out.predicted.reserve(next);
  for (std::size_t i = 0; i < next; ++i) {
    if (i % 65536 == 0) ctx.checkpoint(static_cast<double>(i) / static_cast<double>(next));
    out.predicted.push_back(clone.next());
  }
  return out;
}
// llplay:end

// llplay:source random.birthday
Birthday birthday(Mt19937& gen, int people, std::uint64_t trials, RunContext& ctx) {
  Birthday out;
  for (std::uint64_t t = 0; t < trials; ++t) {
    if (t % 1024 == 0) ctx.checkpoint(static_cast<double>(t) / static_cast<double>(trials));
    bool seen[365] = {};
    bool shared = false;
    for (int p = 0; p < people; ++p) {
      std::uint32_t day = 0;
      do day = gen.next() >> 23;  // randrange(365) is _randbelow(365): getrandbits(9) until below 365
      while (day >= 365);
      shared = shared || seen[day];
      seen[day] = true;
    }
    out.shared += shared;
  }
  double none_shared = 1;
  for (int p = 0; p < people; ++p) none_shared *= (365.0 - p) / 365.0;
  out.exact = 1 - none_shared;
  return out;
}
// llplay:end

}  // namespace llplay::chance
