// Pure paths, exactly as each CPython version parses and combines them. Strings are handled as code points
// (std::u32string), as Python's str is; every function below names the CPython function it follows.
#include "paths.hpp"

#include <algorithm>
#include <optional>

#include "../error.hpp"
#include "../utf8.hpp"

namespace llplay::files {

namespace {

using S = std::u32string;
using Parts = std::vector<S>;
constexpr char32_t none = 0xFFFFFFFF;  ///< "no character here" (past the end of a string)

// ---------- text: UTF-8 <-> code points, and the str methods pathlib uses ----------

S decode(const std::string& text, const char* what) {
  std::optional<S> out = utf8::decode(text);
  if (!out) throw Error(ErrorCode::BadParams, std::string(what) + ": not UTF-8 text");
  return std::move(*out);
}

std::string encode(const S& s) { return utf8::encode(s); }

S u(const char* ascii) { return S(ascii, ascii + std::char_traits<char>::length(ascii)); }

char32_t at(const S& s, std::size_t i) { return i < s.size() ? s[i] : none; }
S slice(const S& s, std::size_t from, std::size_t to = S::npos) {
  if (from >= s.size()) return S();
  return s.substr(from, to == S::npos ? S::npos : (to > from ? to - from : 0));
}
bool starts_with(const S& s, const S& prefix, std::size_t from = 0) {
  return s.size() >= from + prefix.size() && s.compare(from, prefix.size(), prefix) == 0;
}
bool ends_with(const S& s, char32_t c) { return !s.empty() && s.back() == c; }
bool contains(const S& s, char32_t c) { return s.find(c) != S::npos; }
S replace(S s, char32_t from, char32_t to) {
  std::replace(s.begin(), s.end(), from, to);
  return s;
}
S lstrip(const S& s, char32_t c) {
  std::size_t i = 0;
  while (i < s.size() && s[i] == c) ++i;
  return s.substr(i);
}
S rstrip(const S& s, const S& chars) {
  std::size_t n = s.size();
  while (n > 0 && chars.find(s[n - 1]) != S::npos) --n;
  return s.substr(0, n);
}
/// str.split(sep): always at least one piece.
Parts split(const S& s, char32_t sep) {
  Parts out(1);
  for (char32_t c : s) {
    if (c == sep)
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}
S join(const Parts& parts, char32_t sep, std::size_t from = 0) {
  S out;
  for (std::size_t i = from; i < parts.size(); ++i) {
    if (i > from) out += sep;
    out += parts[i];
  }
  return out;
}
/// str.partition(c)[0]
S before(const S& s, char32_t c) { return s.substr(0, s.find(c)); }

/// One code point's str.lower() or str.upper(), from 3.<since> on (generated from CPython itself).
struct CaseEntry {
  std::uint32_t cp;
  std::uint8_t since;
  std::uint8_t n;
  std::uint32_t to[3];
};
/// Code points lo..hi are printable (str.isprintable) in the versions whose bit (minor - 10) is set.
struct PrintableRange {
  std::uint32_t lo, hi;
  std::uint8_t versions;
};
/// Characters re's IGNORECASE treats as one more case of a lowercase character (re._casefix).
struct CaseFix {
  std::uint32_t lower;
  std::uint32_t others[3];
};
#include "unicode_tables.inc"

template <std::size_t N>
const CaseEntry* find_case(const CaseEntry (&table)[N], char32_t c, int minor) {
  const CaseEntry* it =
      std::lower_bound(table, table + N, c, [](const CaseEntry& e, char32_t x) { return e.cp < x; });
  return it != table + N && it->cp == c && it->since <= minor ? it : nullptr;
}

template <std::size_t N>
bool in_ranges(const PrintableRange (&table)[N], char32_t c, int minor) {
  const PrintableRange* it =
      std::upper_bound(table, table + N, c, [](char32_t x, const PrintableRange& r) { return x < r.lo; });
  if (it == table) return false;
  --it;
  return c <= it->hi && (it->versions >> (minor - 10) & 1) != 0;
}

/// str.lower()'s final-sigma rule (unicodeobject.c, handle_capital_sigma): a capital sigma is final when,
/// skipping case-ignorable characters, a cased letter comes before it and none after it.
bool final_sigma(const S& s, std::size_t i, int minor) {
  std::size_t j = i;
  while (j > 0 && in_ranges(ignorable_table, s[j - 1], minor)) --j;
  if (j == 0 || !in_ranges(cased_table, s[j - 1], minor)) return false;
  std::size_t k = i + 1;
  while (k < s.size() && in_ranges(ignorable_table, s[k], minor)) ++k;
  return k == s.size() || !in_ranges(cased_table, s[k], minor);
}

/// str.lower() as CPython 3.<minor> does it.
S lower(const S& s, int minor) {
  S out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char32_t c = s[i];
    if (c == 0x3A3 && final_sigma(s, i, minor)) {
      out += char32_t{0x3C2};
      continue;
    }
    const CaseEntry* e = find_case(lower_table, c, minor);
    if (e == nullptr)
      out += c;
    else
      for (int k = 0; k < e->n; ++k) out += static_cast<char32_t>(e->to[k]);
  }
  return out;
}
/// str.upper() as CPython 3.<minor> does it.
S upper(const S& s, int minor) {
  S out;
  for (char32_t c : s) {
    const CaseEntry* e = find_case(upper_table, c, minor);
    if (e == nullptr)
      out += c;
    else
      for (int k = 0; k < e->n; ++k) out += static_cast<char32_t>(e->to[k]);
  }
  return out;
}
/// The one-character (simple) mappings the regex engine folds with under IGNORECASE.
char32_t lower1(char32_t c, int minor) {
  if (c == 0x130) return 'i';
  const CaseEntry* e = find_case(lower_table, c, minor);
  return e != nullptr && e->n == 1 ? static_cast<char32_t>(e->to[0]) : c;
}
char32_t upper1(char32_t c, int minor) {
  const CaseEntry* e = find_case(upper_table, c, minor);
  return e != nullptr && e->n == 1 ? static_cast<char32_t>(e->to[0]) : c;
}

/// True if re's IGNORECASE also matches lowercase `a` with lowercase `b` (re._casefix: i and dotless i, ...).
bool casefix_equal(char32_t a, char32_t b) {
  for (const CaseFix& fix : casefix_table) {
    if (fix.lower != a) continue;
    for (std::uint32_t other : fix.others)
      if (other != 0 && other == b) return true;
  }
  return false;
}

bool printable(char32_t c, int minor) { return in_ranges(printable_table, c, minor); }

S repr(const S& s, int minor) {
  char32_t quote = (contains(s, '\'') && !contains(s, '"')) ? '"' : '\'';
  S out(1, quote);
  static const char* hex = "0123456789abcdef";
  for (char32_t c : s) {
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\t') {
      out += u("\\t");
    } else if (c == '\n') {
      out += u("\\n");
    } else if (c == '\r') {
      out += u("\\r");
    } else if (printable(c, minor)) {
      out += c;
    } else {
      int digits = c < 0x100 ? 2 : c < 0x10000 ? 4 : 8;
      out += '\\';
      out += digits == 2 ? 'x' : digits == 4 ? 'u' : 'U';
      for (int k = digits - 1; k >= 0; --k) out += hex[(c >> (4 * k)) & 0xF];
    }
  }
  out += quote;
  return out;
}

// ---------- the two flavours' constants ----------

struct Flav {
  Flavour flavour;
  char32_t sep, altsep;  // altsep: `none` on posix
  int minor;             // the CPython version, 3.<minor>: its Unicode tables
  bool windows() const { return flavour == Flavour::windows; }
  S normcase(const S& s) const { return windows() ? lower(s, minor) : s; }
  S class_name() const { return windows() ? u("PureWindowsPath") : u("PurePosixPath"); }
};

Flav flav_of(Flavour f, int minor) {
  return f == Flavour::windows ? Flav{f, '\\', '/', minor} : Flav{f, '/', none, minor};
}

bool in_reserved_names(const S& name) {
  static const char* plain[] = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"};
  for (const char* r : plain)
    if (name == u(r)) return true;
  if (name.size() == 4 && (starts_with(name, u("COM")) || starts_with(name, u("LPT")))) {
    char32_t d = name[3];
    return (d >= '1' && d <= '9') || d == 0xB9 || d == 0xB2 || d == 0xB3;
  }
  return false;
}

S path_repr(const Flav& f, const S& str) {
  S as_posix = f.windows() ? replace(str, '\\', '/') : str;
  return f.class_name() + u("(") + repr(as_posix, f.minor) + u(")");
}

/// Thrown inside the kernel where CPython raises; turned into the outcome at the end.
struct Raise {
  S message;
};

// ---------- 3.10 and 3.11: pathlib's own _Flavour classes ----------

struct Legacy {
  S drv, root;
  Parts parts;  // CPython's _parts: the anchor (drv + root) first, when there is one
};

// llplay:source path.pure path.pieces path.surprises path.batch
/// _PosixFlavour.splitroot / _WindowsFlavour.splitroot (3.10, 3.11).
void legacy_splitroot(const Flav& f, S part, S& drv, S& root, S& rel) {
  const char32_t sep = f.sep;
  drv.clear();
  root.clear();
  if (!f.windows()) {
    if (!part.empty() && part[0] == sep) {
      S stripped = lstrip(part, sep);
      root = part.size() - stripped.size() == 2 ? S(2, sep) : S(1, sep);
      rel = stripped;
    } else {
      rel = part;
    }
    return;
  }
  char32_t first = at(part, 0), second = at(part, 1);
  S prefix;
  if (second == sep && first == sep) {  // _split_extended_path
    if (starts_with(part, u("\\\\?\\"))) {
      prefix = part.substr(0, 4);
      part = part.substr(4);
      if (starts_with(part, u("UNC\\"))) {
        prefix += part.substr(0, 3);
        part = u("\\") + part.substr(3);
      }
    }
    first = at(part, 0);
    second = at(part, 1);
  }
  char32_t third = at(part, 2);
  if (second == sep && first == sep && third != sep) {  // a UNC path: \\machine\mountpoint\...
    std::size_t index = part.find(sep, 2);
    if (index != S::npos) {
      std::size_t index2 = part.find(sep, index + 1);
      if (index2 != index + 1) {
        if (index2 == S::npos) index2 = part.size();
        drv = prefix.empty() ? part.substr(0, index2) : prefix + slice(part, 1, index2);
        root = S(1, sep);
        rel = slice(part, index2 + 1);
        return;
      }
    }
  }
  if (second == ':' && ((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
    drv = part.substr(0, 2);
    part = part.substr(2);
    first = third;
  }
  if (first == sep) {
    root = S(1, first);
    part = lstrip(part, sep);
  }
  drv = prefix + drv;
  rel = part;
}

/// _Flavour.parse_parts((part,)).
Legacy legacy_parse(const Flav& f, S part) {
  Legacy p;
  if (part.empty()) return p;
  if (f.altsep != none) part = replace(part, f.altsep, f.sep);
  S rel;
  legacy_splitroot(f, part, p.drv, p.root, rel);
  if (!p.drv.empty() || !p.root.empty()) p.parts.push_back(p.drv + p.root);
  for (S& x : split(rel, f.sep))
    if (!x.empty() && x != u(".")) p.parts.push_back(std::move(x));
  return p;
}

// llplay:end

/// _Flavour.join_parsed_parts.
Legacy legacy_join(const Flav& f, const Legacy& a, const Legacy& b) {
  if (!b.root.empty()) {
    if (b.drv.empty() && !a.drv.empty()) {
      Legacy r{a.drv, b.root, {a.drv + b.root}};
      r.parts.insert(r.parts.end(), b.parts.begin() + 1, b.parts.end());
      return r;
    }
  } else if (!b.drv.empty()) {
    if (b.drv == a.drv || f.normcase(b.drv) == f.normcase(a.drv)) {
      Legacy r = a;
      r.parts.insert(r.parts.end(), b.parts.begin() + 1, b.parts.end());
      return r;
    }
  } else {
    Legacy r = a;
    r.parts.insert(r.parts.end(), b.parts.begin(), b.parts.end());
    return r;
  }
  return b;
}

S legacy_name(const Legacy& p) {
  bool anchored = !p.drv.empty() || !p.root.empty();
  if (p.parts.size() == (anchored ? 1u : 0u)) return S();
  return p.parts.back();
}

// ---------- 3.12 and 3.13: posixpath / ntpath ----------

struct Modern {
  S drv, root;
  Parts tail;
};

// llplay:source path.pure path.pieces path.surprises path.batch
/// posixpath.splitroot / ntpath.splitroot (3.12; 3.13's are the same functions).
void splitroot(const Flav& f, const S& p, S& drv, S& root, S& rel) {
  drv.clear();
  root.clear();
  if (!f.windows()) {
    if (at(p, 0) != '/') {
      rel = p;
    } else if (at(p, 1) != '/' || at(p, 2) == '/') {
      root = u("/");
      rel = p.substr(1);
    } else {
      root = u("//");
      rel = p.substr(2);
    }
    return;
  }
  S normp = replace(p, '/', '\\');
  if (at(normp, 0) == '\\') {
    if (at(normp, 1) == '\\') {
      S head = normp.substr(0, 8);
      bool unc = head.size() == 8 && upper(head, f.minor) == u("\\\\?\\UNC\\");
      std::size_t index = normp.find('\\', unc ? 8 : 2);
      std::size_t index2 = index == S::npos ? S::npos : normp.find('\\', index + 1);
      if (index2 == S::npos) {
        drv = p;
        rel.clear();
        return;
      }
      drv = p.substr(0, index2);
      root = p.substr(index2, 1);
      rel = p.substr(index2 + 1);
    } else {
      root = p.substr(0, 1);
      rel = p.substr(1);
    }
  } else if (at(normp, 1) == ':') {
    drv = p.substr(0, 2);
    if (at(normp, 2) == '\\') {
      root = p.substr(2, 1);
      rel = p.substr(3);
    } else {
      rel = p.substr(2);
    }
  } else {
    rel = p;
  }
}

// llplay:end

S splitdrive(const Flav& f, const S& p) {
  S drv, root, rel;
  if (f.windows()) splitroot(f, p, drv, root, rel);
  return drv;
}

/// posixpath.join / ntpath.join.
S os_join(const Flav& f, const Parts& paths) {
  if (!f.windows()) {
    S path = paths[0];
    for (std::size_t i = 1; i < paths.size(); ++i) {
      const S& b = paths[i];
      if (starts_with(b, u("/")))
        path = b;
      else if (path.empty() || ends_with(path, '/'))
        path += b;
      else
        path += u("/") + b;
    }
    return path;
  }
  const S seps = u("\\/");
  S rd, rr, rp;
  splitroot(f, paths[0], rd, rr, rp);
  for (std::size_t i = 1; i < paths.size(); ++i) {
    S pd, pr, pp;
    splitroot(f, paths[i], pd, pr, pp);
    if (!pr.empty()) {
      if (!pd.empty() || rd.empty()) rd = pd;
      rr = pr;
      rp = pp;
      continue;
    } else if (!pd.empty() && pd != rd) {
      if (lower(pd, f.minor) != lower(rd, f.minor)) {
        rd = pd;
        rr = pr;
        rp = pp;
        continue;
      }
      rd = pd;
    }
    if (!rp.empty() && seps.find(rp.back()) == S::npos) rp += '\\';
    rp += pp;
  }
  if (!rp.empty() && rr.empty() && !rd.empty() && u(":\\/").find(rd.back()) == S::npos)
    return rd + u("\\") + rp;
  return rd + rr + rp;
}

// llplay:source path.pure path.pieces path.surprises path.batch
/// PurePath._parse_path.
Modern modern_parse(const Flav& f, S path) {
  Modern p;
  if (path.empty()) return p;
  if (f.altsep != none) path = replace(path, f.altsep, f.sep);
  S rel;
  splitroot(f, path, p.drv, p.root, rel);
  if (p.root.empty() && starts_with(p.drv, S(1, f.sep)) && !ends_with(p.drv, f.sep)) {
    Parts drv_parts = split(p.drv, f.sep);
    // `drv_parts[2] not in '?.'` is a substring test: '' is in '?.' too.
    const S& third = drv_parts.size() > 2 ? drv_parts[2] : S();
    bool in_qdot = third.empty() || third == u("?") || third == u(".") || third == u("?.");
    if ((drv_parts.size() == 4 && !in_qdot) || drv_parts.size() == 6) p.root = S(1, f.sep);
  }
  for (S& x : split(rel, f.sep))
    if (!x.empty() && x != u(".")) p.tail.push_back(std::move(x));
  return p;
}

// llplay:end

/// PurePath(*segments): one segment as it is, several through os.path.join.
Modern modern_segments(const Flav& f, const Parts& segments) {
  if (segments.empty()) return Modern{};
  return modern_parse(f, segments.size() == 1 ? segments[0] : os_join(f, segments));
}

/// PurePath._format_parsed_parts, in every version: the anchor, then the parts after it joined by the
/// separator. 3.10/3.11 keep the anchor as parts[0] (so an anchored path joins from parts[1]); 3.12 and 3.13
/// keep only the tail, and put './' before a first part that would read as a drive.
S format_parsed(const Flav& f, const S& drv, const S& root, const Parts& parts) {
  const bool anchored = !drv.empty() || !root.empty();
  const std::size_t from = anchored && f.minor <= 11 ? 1 : 0;
  if (anchored) return drv + root + join(parts, f.sep, from);
  if (f.minor >= 12 && !parts.empty() && !splitdrive(f, parts[0]).empty())
    return u(".") + S(1, f.sep) + join(parts, f.sep);
  return join(parts, f.sep);
}
/// str(path): '.' for an empty one.
S str_or_dot(S s) { return s.empty() ? u(".") : s; }
S legacy_str(const Flav& f, const Legacy& p) { return str_or_dot(format_parsed(f, p.drv, p.root, p.parts)); }
S modern_str(const Flav& f, const Modern& p) { return str_or_dot(format_parsed(f, p.drv, p.root, p.tail)); }

/// PurePath.__eq__ (and so `in parents`): the case-normalised str.
bool modern_equal(const Flav& f, const Modern& a, const Modern& b) {
  return f.normcase(modern_str(f, a)) == f.normcase(modern_str(f, b));
}

/// other == self or other in self.parents
bool modern_is_relative_to(const Flav& f, const Modern& self, const Modern& other) {
  if (modern_equal(f, self, other)) return true;
  for (std::size_t n = self.tail.size(); n-- > 0;) {
    Modern parent{self.drv, self.root, Parts(self.tail.begin(), self.tail.begin() + n)};
    if (modern_equal(f, parent, other)) return true;
  }
  return false;
}

// ---------- glob patterns: fnmatch.translate, compiled to tokens and run as an NFA ----------

/// One regex element: a literal, a character set (possibly negated), or a never-matching `(?!)`;
/// `star` makes it `X*`.
struct Token {
  enum Kind { literal, set, never } kind = literal;
  char32_t c = 0;
  bool negated = false;
  std::vector<std::pair<char32_t, char32_t>> ranges;
  bool star = false;
};

Token lit(char32_t c) { return Token{Token::literal, c, false, {}, false}; }
/// `.` (dotall: every character; otherwise all but '\n'), or `[^sep]`.
Token any_but(char32_t excluded) {
  Token t{Token::set, 0, true, {}, false};
  if (excluded != none) t.ranges.push_back({excluded, excluded});
  return t;
}
Token starred(Token t) {
  t.star = true;
  return t;
}

/// Parses the text between '[' and ']' the way sre_parse reads a set: '^' negates, ']' first is literal,
/// a backslash escapes, `a-b` is a range.
Token parse_set(const S& stuff) {
  Token t{Token::set, 0, false, {}, false};
  std::size_t i = 0;
  if (at(stuff, 0) == '^') {
    t.negated = true;
    i = 1;
  }
  auto next = [&](std::size_t& k) -> char32_t {
    char32_t c = stuff[k++];
    if (c == '\\' && k < stuff.size()) c = stuff[k++];
    return c;
  };
  while (i < stuff.size()) {
    char32_t lo = next(i);
    if (at(stuff, i) == '-' && i + 1 < stuff.size()) {
      ++i;
      char32_t hi = next(i);
      if (hi < lo) return Token{Token::never, 0, false, {}, false};  // re.error in CPython: unreachable
      t.ranges.push_back({lo, hi});
    } else {
      t.ranges.push_back({lo, lo});
    }
  }
  return t;
}

/// fnmatch._translate (3.13; the same loop is inline in translate() before): `star` for '*', `question` for
/// '?', `dot` for the '.' a negated empty set becomes.
std::vector<Token> translate(const S& pat, const Token& star, const Token& question, const Token& dot) {
  std::vector<Token> res;
  std::size_t i = 0, n = pat.size();
  bool last_star = false;
  while (i < n) {
    char32_t c = pat[i++];
    if (c == '*') {
      if (!last_star) res.push_back(star);
      last_star = true;
      continue;
    }
    last_star = false;
    if (c == '?') {
      res.push_back(question);
    } else if (c == '[') {
      std::size_t j = i;
      if (j < n && pat[j] == '!') ++j;
      if (j < n && pat[j] == ']') ++j;
      while (j < n && pat[j] != ']') ++j;
      if (j >= n) {
        res.push_back(lit('['));
        continue;
      }
      S stuff;
      if (slice(pat, i, j).find('-') == S::npos) {
        for (char32_t x : slice(pat, i, j)) {
          if (x == '\\') stuff += '\\';
          stuff += x;
        }
      } else {
        Parts chunks;
        std::size_t k = pat[i] == '!' ? i + 2 : i + 1;
        while (true) {
          k = k < j ? pat.find('-', k) : S::npos;
          if (k == S::npos || k >= j) break;
          chunks.push_back(slice(pat, i, k));
          i = k + 1;
          k = k + 3;
        }
        S chunk = slice(pat, i, j);
        if (!chunk.empty())
          chunks.push_back(chunk);
        else
          chunks.back() += '-';
        for (std::size_t m = chunks.size() - 1; m > 0; --m) {
          if (chunks[m - 1].back() > chunks[m][0]) {
            chunks[m - 1] = chunks[m - 1].substr(0, chunks[m - 1].size() - 1) + chunks[m].substr(1);
            chunks.erase(chunks.begin() + static_cast<std::ptrdiff_t>(m));
          }
        }
        for (std::size_t m = 0; m < chunks.size(); ++m) {
          if (m > 0) stuff += '-';
          for (char32_t x : chunks[m]) {
            if (x == '\\' || x == '-') stuff += '\\';
            stuff += x;
          }
        }
      }
      S escaped;  // re.sub(r'([&~|])', r'\\\1', stuff)
      for (char32_t x : stuff) {
        if (x == '&' || x == '~' || x == '|') escaped += '\\';
        escaped += x;
      }
      stuff = escaped;
      i = j + 1;
      if (stuff.empty()) {
        res.push_back(Token{Token::never, 0, false, {}, false});
      } else if (stuff == u("!")) {
        res.push_back(dot);
      } else {
        if (stuff[0] == '!')
          stuff[0] = '^';
        else if (stuff[0] == '^' || stuff[0] == '[')
          stuff = u("\\") + stuff;
        res.push_back(parse_set(stuff));
      }
    } else {
      res.push_back(lit(c));
    }
  }
  return res;
}

/// `icase`: 0 for a case-sensitive match, else the minor version whose case tables IGNORECASE folds with.
bool token_matches(const Token& t, char32_t c, int icase) {
  if (t.kind == Token::never) return false;
  const char32_t lc = icase ? lower1(c, icase) : c;
  auto same = [&](char32_t x) {
    if (!icase) return c == x;
    char32_t lx = lower1(x, icase);
    return lc == lx || casefix_equal(lx, lc);
  };
  if (t.kind == Token::literal) return c == t.c || same(t.c);
  const char32_t uc = icase ? upper1(lc, icase) : c;
  bool in = false;
  for (auto [lo, hi] : t.ranges) {
    if (lo == hi && icase) {
      in = same(lo);
    } else {
      in = (lo <= lc && lc <= hi) || (icase && lo <= uc && uc <= hi);
      for (const CaseFix& fix : casefix_table) {  // the extra cases of lc, in the range
        if (!icase || in || fix.lower != lc) continue;
        for (std::uint32_t other : fix.others) in = in || (other != 0 && lo <= other && other <= hi);
      }
    }
    if (in) break;
  }
  return in != t.negated;
}

/// Runs `tokens` (implicitly followed by \Z) on `text` from every start position in `starts`.
bool nfa_match(const std::vector<Token>& tokens, const S& text, const std::vector<bool>& starts, int icase,
               std::uint64_t& steps) {
  const std::size_t n = tokens.size();
  std::size_t last_start = 0;
  for (std::size_t i = 0; i < starts.size(); ++i)
    if (starts[i]) last_start = i;
  std::vector<char> on(n + 1, 0), next(n + 1, 0);
  auto close = [&](std::vector<char>& set) {
    for (std::size_t i = 0; i < n; ++i)
      if (set[i] && tokens[i].star) set[i + 1] = 1;
  };
  for (std::size_t pos = 0;; ++pos) {
    if (pos < starts.size() && starts[pos]) on[0] = 1;
    close(on);
    if (pos == text.size()) return on[n] != 0;
    std::fill(next.begin(), next.end(), 0);
    bool any = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (!on[i]) continue;
      if (++steps > max_match_steps)
        throw Error(ErrorCode::LimitExceeded, "match: the pattern and the path need more than " +
                                                  std::to_string(max_match_steps) + " steps");
      if (token_matches(tokens[i], text[pos], icase)) {
        next[tokens[i].star ? i : i + 1] = 1;
        any = true;
      }
    }
    on.swap(next);
    if (!any && pos + 1 > last_start) return false;
  }
}

bool full_match(const std::vector<Token>& tokens, const S& text, int icase, std::uint64_t& steps) {
  std::vector<bool> starts(text.size() + 1, false);
  starts[0] = true;
  return nfa_match(tokens, text, starts, icase, steps);
}

/// The line boundaries str.splitlines() splits at.
bool line_break(char32_t c) {
  return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x1C || c == 0x1D || c == 0x1E ||
         c == 0x85 || c == 0x2028 || c == 0x2029;
}
Parts splitlines_keepends(const S& s) {
  Parts out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size() && !line_break(s[j])) ++j;
    if (j < s.size()) {
      if (s[j] == '\r' && at(s, j + 1) == '\n') ++j;
      ++j;
    }
    out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

/// Swaps the separator and '\n' (PurePath._lines in 3.12).
S swap_sep_newline(const S& s, char32_t sep) {
  S out = s;
  for (char32_t& c : out) c = c == sep ? '\n' : c == '\n' ? sep : c;
  return out;
}

/// 3.12: PurePath.match through _compile_pattern_lines.
bool match_312(const Flav& f, const Modern& self, const Modern& pattern, std::uint64_t& steps) {
  const Token dot = any_but('\n');
  S pattern_str = modern_str(f, pattern);
  S pattern_lines = pattern_str == u(".") ? S() : swap_sep_newline(pattern_str, f.sep);
  std::vector<Token> tokens;
  for (const S& part : splitlines_keepends(pattern_lines)) {
    if (part == u("*\n") || part == u("*")) {
      tokens.push_back(dot);
      tokens.push_back(starred(dot));
      if (part.size() == 2) tokens.push_back(lit('\n'));
    } else {
      std::vector<Token> t = translate(part, starred(dot), dot, dot);
      tokens.insert(tokens.end(), t.begin(), t.end());
    }
  }
  S self_str = modern_str(f, self);
  S lines = self_str == u(".") ? S() : swap_sep_newline(self_str, f.sep);
  int icase = f.windows() ? f.minor : 0;
  if (!pattern.drv.empty() || !pattern.root.empty()) return full_match(tokens, lines, icase, steps);
  if (pattern.tail.empty()) throw Raise{u("empty pattern")};
  std::vector<bool> starts(lines.size() + 1, false);
  starts[0] = true;
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i] == '\n') starts[i + 1] = true;
  return nfa_match(tokens, lines, starts, icase, steps);
}

/// 3.13: glob.translate(part, recursive=False, include_hidden=True, seps=sep) for one pattern part.
std::vector<Token> translate_313(const S& pat, char32_t sep) {
  const Token not_sep = any_but(sep), dot = any_but(none);
  std::vector<Token> out;
  Parts parts = split(pat, sep);
  for (std::size_t idx = 0; idx < parts.size(); ++idx) {
    bool last = idx + 1 == parts.size();
    if (parts[idx] == u("*")) {
      out.push_back(not_sep);
      out.push_back(starred(not_sep));
      if (!last) out.push_back(lit(sep));
      continue;
    }
    if (!parts[idx].empty()) {
      std::vector<Token> t = translate(parts[idx], starred(not_sep), not_sep, dot);
      out.insert(out.end(), t.begin(), t.end());
    }
    if (!last) out.push_back(lit(sep));
  }
  return out;
}

Parts modern_parts(const Modern& p) {
  Parts out;
  if (!p.drv.empty() || !p.root.empty()) out.push_back(p.drv + p.root);
  out.insert(out.end(), p.tail.begin(), p.tail.end());
  return out;
}

// ---------- the operations ----------

S suffix_of(const S& name) {
  std::size_t i = name.rfind('.');
  if (i != S::npos && i > 0 && i < name.size() - 1) return name.substr(i);
  return S();
}
S stem_of(const S& name) {
  std::size_t i = name.rfind('.');
  if (i != S::npos && i > 0 && i < name.size() - 1) return name.substr(0, i);
  return name;
}
Parts suffixes_of(S name) {
  if (ends_with(name, '.')) return {};
  name = lstrip(name, '.');
  Parts pieces = split(name, '.'), out;
  for (std::size_t i = 1; i < pieces.size(); ++i) out.push_back(u(".") + pieces[i]);
  return out;
}

struct Value {
  ValueKind kind = ValueKind::text;
  S text;
  Parts items;
  bool flag = false;
};
Value path_value(S s) { return Value{ValueKind::path, std::move(s), {}, false}; }
Value text_value(S s) { return Value{ValueKind::text, std::move(s), {}, false}; }
Value items_value(ValueKind kind, Parts items) { return Value{kind, S(), std::move(items), false}; }
Value bool_value(bool b) { return Value{ValueKind::boolean, S(), {}, b}; }

/// The pieces every version reads the same way from (str, drive, root, name): drive, root, anchor, name,
/// suffix, suffixes, stem and as_posix. False when `op` is another.
bool simple_piece(const Flav& f, const std::string& op, const S& str, const S& drv, const S& root,
                  const S& name, Value& out) {
  if (op == "str")
    out = text_value(str);
  else if (op == "drive")
    out = text_value(drv);
  else if (op == "root")
    out = text_value(root);
  else if (op == "anchor")
    out = text_value(drv + root);
  else if (op == "name")
    out = text_value(name);
  else if (op == "suffix")
    out = text_value(suffix_of(name));
  else if (op == "suffixes")
    out = items_value(ValueKind::list, suffixes_of(name));
  else if (op == "stem")
    out = text_value(stem_of(name));
  else if (op == "as_posix")
    out = text_value(f.windows() ? replace(str, '\\', '/') : str);
  else
    return false;
  return true;
}

/// with_suffix up to 3.12: the suffix must start with '.', be more than '.', and hold no separator; the name
/// must not be empty. The new last part.
S suffix_replaced(const Flav& f, const S& name, const S& arg, const S& self_repr) {
  if (contains(arg, f.sep) || (f.altsep != none && contains(arg, f.altsep)) ||
      (!arg.empty() && arg[0] != '.') || arg == u("."))
    throw Raise{u("Invalid suffix ") + repr(arg, f.minor)};
  if (name.empty()) throw Raise{self_repr + u(" has an empty name")};
  S old = suffix_of(name);
  return (old.empty() ? name : name.substr(0, name.size() - old.size())) + arg;
}

void check_budget(const S& s, const char* what) {
  std::size_t parts = 1;
  for (char32_t c : s)
    if (c == '/' || c == '\\') ++parts;
  if (parts > max_path_parts)
    throw Error(ErrorCode::LimitExceeded, std::string(what) + ": " + std::to_string(parts) +
                                              " parts; this demo takes at most " +
                                              std::to_string(max_path_parts));
}

Value run_legacy(const Flav& f, const Legacy& p, const std::string& op, const S& arg, std::uint64_t& steps) {
  const S str = legacy_str(f, p);
  const S self_repr = path_repr(f, str);
  const bool anchored = !p.drv.empty() || !p.root.empty();
  const S name = legacy_name(p);
  if (Value v; simple_piece(f, op, str, p.drv, p.root, name, v)) return v;
  if (op == "parts") return items_value(ValueKind::tuple, p.parts);
  if (op == "is_absolute") return bool_value(!p.root.empty() && (!f.windows() || !p.drv.empty()));
  if (op == "parent") {
    if (p.parts.size() == 1 && anchored) return path_value(str);
    Parts up = p.parts;
    if (!up.empty()) up.pop_back();
    return path_value(legacy_str(f, Legacy{p.drv, p.root, up}));
  }
  if (op == "parents") {
    std::size_t count = anchored ? p.parts.size() - 1 : p.parts.size();
    Parts out;
    for (std::size_t idx = 0; idx < count; ++idx)
      out.push_back(legacy_str(f, Legacy{p.drv, p.root, Parts(p.parts.begin(), p.parts.end() - idx - 1)}));
    return items_value(ValueKind::parents, out);
  }
  if (op == "is_reserved") {
    if (!f.windows() || p.parts.empty() || starts_with(p.parts[0], u("\\\\"))) return bool_value(false);
    S n = rstrip(before(before(p.parts.back(), '.'), ':'), u(" "));
    return bool_value(in_reserved_names(upper(n, f.minor)));
  }
  if (op == "joinpath") return path_value(legacy_str(f, legacy_join(f, p, legacy_parse(f, arg))));
  if (op == "relative_to" || op == "is_relative_to") {
    Parts abs_parts = p.parts;
    if (!p.root.empty()) {
      abs_parts = {p.drv, p.root};
      abs_parts.insert(abs_parts.end(), p.parts.begin() + 1, p.parts.end());
    }
    Legacy to = legacy_parse(f, arg);
    Parts to_abs = to.parts;
    if (!to.root.empty()) {
      to_abs = {to.drv, to.root};
      to_abs.insert(to_abs.end(), to.parts.begin() + 1, to.parts.end());
    }
    const std::size_t n = to_abs.size();
    bool bad;
    if (n == 0) {
      bad = anchored;
    } else {
      bad = abs_parts.size() < n;
      for (std::size_t i = 0; !bad && i < n; ++i) bad = f.normcase(abs_parts[i]) != f.normcase(to_abs[i]);
    }
    if (op == "is_relative_to") return bool_value(!bad);
    if (bad)
      throw Raise{repr(str, f.minor) + u(" is not in the subpath of ") +
                  repr(format_parsed(f, to.drv, to.root, to.parts), f.minor) +
                  u(" OR one path is relative and the other is absolute.")};
    Legacy r{S(), n == 1 ? p.root : S(),
             Parts(abs_parts.begin() + static_cast<std::ptrdiff_t>(n), abs_parts.end())};
    return path_value(legacy_str(f, r));
  }
  auto with_name = [&](const S& new_name) {
    if (name.empty()) throw Raise{self_repr + u(" has an empty name")};
    Legacy parsed = legacy_parse(f, new_name);
    if (new_name.empty() || new_name.back() == f.sep || new_name.back() == f.altsep || !parsed.drv.empty() ||
        !parsed.root.empty() || parsed.parts.size() != 1)
      throw Raise{u("Invalid name ") + repr(new_name, f.minor)};
    Parts parts = p.parts;
    parts.back() = new_name;
    return path_value(legacy_str(f, Legacy{p.drv, p.root, parts}));
  };
  if (op == "with_name") return with_name(arg);
  if (op == "with_stem") return with_name(arg + suffix_of(name));
  if (op == "with_suffix") {
    Parts parts = p.parts;
    parts.back() = suffix_replaced(f, name, arg, self_repr);
    return path_value(legacy_str(f, Legacy{p.drv, p.root, parts}));
  }
  if (op == "match") {
    S pattern = f.normcase(arg);
    Legacy pat = legacy_parse(f, pattern);
    if (pat.parts.empty()) throw Raise{u("empty pattern")};
    if (!pat.drv.empty() && pat.drv != f.normcase(p.drv)) return bool_value(false);
    if (!pat.root.empty() && pat.root != f.normcase(p.root)) return bool_value(false);
    Parts parts;
    for (const S& x : p.parts) parts.push_back(f.normcase(x));
    Parts pat_parts = pat.parts;
    if (!pat.drv.empty() || !pat.root.empty()) {
      if (pat_parts.size() != parts.size()) return bool_value(false);
      pat_parts.erase(pat_parts.begin());
    } else if (pat_parts.size() > parts.size()) {
      return bool_value(false);
    }
    const Token dot = any_but(none);
    for (std::size_t k = 0; k < pat_parts.size(); ++k) {
      const S& part = parts[parts.size() - 1 - k];
      std::vector<Token> tokens = translate(pat_parts[pat_parts.size() - 1 - k], starred(dot), dot, dot);
      if (!full_match(tokens, part, 0, steps)) return bool_value(false);
    }
    return bool_value(true);
  }
  throw Error(ErrorCode::BadParams, "op: unknown operation '" + op + "'");
}

Value run_modern(const Flav& f, const S& raw, const Modern& p, const std::string& op, const S& arg, int minor,
                 std::uint64_t& steps) {
  const S str = modern_str(f, p);
  const S self_repr = path_repr(f, str);
  const S name = p.tail.empty() ? S() : p.tail.back();
  auto from_parts = [&](const S& drv, const S& root, const Parts& tail) {
    return modern_str(f, Modern{drv, root, tail});
  };
  if (Value v; simple_piece(f, op, str, p.drv, p.root, name, v)) return v;
  if (op == "parts") return items_value(ValueKind::tuple, modern_parts(p));
  if (op == "is_absolute") {
    if (!f.windows()) return bool_value(starts_with(raw, u("/")));
    if (minor == 12) return bool_value(!p.drv.empty() && !p.root.empty());
    S s = replace(str.substr(0, 3), '/', '\\');  // ntpath.isabs (3.13)
    return bool_value(starts_with(s, u(":\\"), 1) || starts_with(s, u("\\\\")));
  }
  if (op == "parent") {
    if (p.tail.empty()) return path_value(str);
    return path_value(from_parts(p.drv, p.root, Parts(p.tail.begin(), p.tail.end() - 1)));
  }
  if (op == "parents") {
    Parts out;
    for (std::size_t idx = 0; idx < p.tail.size(); ++idx)
      out.push_back(from_parts(p.drv, p.root, Parts(p.tail.begin(), p.tail.end() - idx - 1)));
    return items_value(ValueKind::parents, out);
  }
  if (op == "is_reserved") {
    if (!f.windows()) return bool_value(false);
    if (minor == 12) {
      if (p.tail.empty() || starts_with(p.drv, u("\\\\"))) return bool_value(false);
      S n = rstrip(before(before(p.tail.back(), '.'), ':'), u(" "));
      return bool_value(in_reserved_names(upper(n, f.minor)));
    }
    S d, r, rel;  // ntpath.isreserved(str(self)) (3.13)
    splitroot(f, str, d, r, rel);
    for (const S& n : split(replace(rel, '/', '\\'), '\\')) {
      if (ends_with(n, '.') || ends_with(n, ' ')) {
        if (n != u(".") && n != u("..")) return bool_value(true);
        continue;
      }
      for (char32_t c : n)
        if (c < 32 || u("\"*:<>?|/\\").find(c) != S::npos) return bool_value(true);
      if (in_reserved_names(upper(rstrip(before(n, '.'), u(" ")), f.minor))) return bool_value(true);
    }
    return bool_value(false);
  }
  if (op == "joinpath") return path_value(modern_str(f, modern_segments(f, {raw, arg})));
  if (op == "relative_to" || op == "is_relative_to") {
    Modern other = modern_parse(f, arg);
    bool related = modern_is_relative_to(f, p, other);
    if (op == "is_relative_to") return bool_value(related);
    if (!related)
      throw Raise{repr(str, f.minor) + u(" is not in the subpath of ") + repr(modern_str(f, other), f.minor)};
    const std::size_t skip = std::min(other.tail.size(), p.tail.size());  // equal str: never more
    Parts rest(p.tail.begin() + static_cast<std::ptrdiff_t>(skip), p.tail.end());
    if (minor == 12) return path_value(modern_str(f, modern_segments(f, rest)));
    return path_value(from_parts(S(), S(), rest));
  }
  auto name_invalid = [&](const S& n) {
    return n.empty() || contains(n, f.sep) || (f.altsep != none && contains(n, f.altsep)) || n == u(".");
  };
  auto with_name = [&](const S& new_name) {
    if (minor == 12) {
      if (name.empty()) throw Raise{self_repr + u(" has an empty name")};
      if (name_invalid(new_name)) throw Raise{u("Invalid name ") + repr(new_name, f.minor)};
    } else {
      if (name_invalid(new_name)) throw Raise{u("Invalid name ") + repr(new_name, f.minor)};
      if (p.tail.empty()) throw Raise{self_repr + u(" has an empty name")};
    }
    Parts tail = p.tail;
    tail.back() = new_name;
    return path_value(from_parts(p.drv, p.root, tail));
  };
  if (op == "with_name") return with_name(arg);
  if (op == "with_stem") {
    S suffix = suffix_of(name);
    if (minor == 13 && !suffix.empty() && arg.empty()) throw Raise{self_repr + u(" has a non-empty suffix")};
    return with_name(arg + suffix);
  }
  if (op == "with_suffix") {
    if (minor == 12) {
      Parts tail = p.tail;
      tail.back() = suffix_replaced(f, name, arg, self_repr);
      return path_value(from_parts(p.drv, p.root, tail));
    }
    S stem = stem_of(name);
    if (stem.empty()) throw Raise{self_repr + u(" has an empty name")};
    if (!arg.empty() && !(arg[0] == '.' && arg.size() > 1))
      throw Raise{u("Invalid suffix ") + repr(arg, f.minor)};
    return with_name(stem + arg);
  }
  if (op == "match") {
    Modern pattern = modern_parse(f, arg);
    if (minor == 12) return bool_value(match_312(f, p, pattern, steps));
    Parts path_parts = modern_parts(p), pattern_parts = modern_parts(pattern);
    if (pattern_parts.empty()) throw Raise{u("empty pattern")};
    if (path_parts.size() < pattern_parts.size()) return bool_value(false);
    if (path_parts.size() > pattern_parts.size() && !(pattern.drv.empty() && pattern.root.empty()))
      return bool_value(false);
    for (std::size_t k = 0; k < pattern_parts.size(); ++k) {
      std::vector<Token> tokens = translate_313(pattern_parts[pattern_parts.size() - 1 - k], f.sep);
      if (!full_match(tokens, path_parts[path_parts.size() - 1 - k], f.windows() ? f.minor : 0, steps))
        return bool_value(false);
    }
    return bool_value(true);
  }
  throw Error(ErrorCode::BadParams, "op: unknown operation '" + op + "'");
}

}  // namespace

const std::vector<std::string>& path_ops() {
  static const std::vector<std::string> ops = {
      "str",      "parts",       "drive",          "root",      "anchor",      "name",        "suffix",
      "suffixes", "stem",        "parent",         "parents",   "as_posix",    "is_absolute", "is_reserved",
      "joinpath", "relative_to", "is_relative_to", "with_name", "with_suffix", "with_stem",   "match"};
  return ops;
}

bool op_takes_arg(const std::string& op) {
  return op == "joinpath" || op == "relative_to" || op == "is_relative_to" || op == "with_name" ||
         op == "with_suffix" || op == "with_stem" || op == "match";
}

PathOutcome pure_path(Flavour flavour, const std::string& path_text, const std::string& op,
                      const std::string& arg_text, int minor) {
  if (minor < 10 || minor > 13) throw Error(ErrorCode::BadParams, "python: 3.10 to 3.13");
  if (std::find(path_ops().begin(), path_ops().end(), op) == path_ops().end())
    throw Error(ErrorCode::BadParams, "op: unknown operation '" + op + "'");
  for (auto [text, what] : {std::pair{&path_text, "path"}, std::pair{&arg_text, "arg"}}) {
    if (text->size() > max_path_bytes)
      throw Error(ErrorCode::LimitExceeded, std::string(what) + ": " + std::to_string(text->size()) +
                                                " bytes; this demo takes at most " +
                                                std::to_string(max_path_bytes));
  }
  const S path = decode(path_text, "path"), arg = decode(arg_text, "arg");
  check_budget(path, "path");
  check_budget(arg, "arg");
  const Flav f = flav_of(flavour, minor);
  PathOutcome out;
  std::uint64_t steps = 0;
  Value v;
  try {
    if (minor <= 11) {
      Legacy p = legacy_parse(f, path);
      out.path_str = encode(legacy_str(f, p));
      v = run_legacy(f, p, op, arg, steps);
    } else {
      Modern p = modern_parse(f, path);
      out.path_str = encode(modern_str(f, p));
      v = run_modern(f, path, p, op, arg, minor, steps);
    }
  } catch (const Raise& r) {
    out.ok = false;
    out.exception = "ValueError";
    out.message = encode(r.message);
  }
  out.path_repr = encode(path_repr(f, decode(out.path_str, "path")));
  out.kind = v.kind;
  out.text = encode(v.text);
  for (const S& item : v.items) out.items.push_back(encode(item));
  out.flag = v.flag;
  return out;
}

std::string python_repr(const std::string& utf8, int minor) {
  return encode(repr(decode(utf8, "text"), minor));
}

}  // namespace llplay::files
