// The files lab's path kernel, natively and in both wasm builds: a few answers each CPython version gives
// (tests/files/path_cpython_test.py checks thousands more against the interpreters themselves), the budgets,
// and text that is not UTF-8.
#include "files/paths.hpp"

#include <gtest/gtest.h>

#include "registry.hpp"

namespace llplay::files {
namespace {

std::string text(Flavour f, const std::string& path, const std::string& op, const std::string& arg,
                 int minor) {
  PathOutcome o = pure_path(f, path, op, arg, minor);
  return o.ok ? o.text : o.exception + ": " + o.message;
}

TEST(files_paths, joins_and_anchors) {
  for (int minor = 10; minor <= 13; ++minor) {
    EXPECT_EQ(text(Flavour::posix, "/a", "joinpath", "/b", minor), "/b");
    EXPECT_EQ(text(Flavour::windows, "C:", "joinpath", "foo", minor), "C:foo");
    EXPECT_EQ(text(Flavour::windows, "//server/share", "str", "", minor), "\\\\server\\share\\");
    EXPECT_EQ(text(Flavour::posix, "//x/y", "root", "", minor), "//");
    EXPECT_EQ(text(Flavour::posix, "a/../b", "str", "", minor), "a/../b");
  }
}

TEST(files_paths, what_changed_in_312_and_313) {
  EXPECT_EQ(text(Flavour::windows, "C:/a/d:b", "relative_to", "C:/", 11), "a\\d:b");
  EXPECT_EQ(text(Flavour::windows, "C:/a/d:b", "relative_to", "C:/", 12), "d:b");
  EXPECT_EQ(text(Flavour::windows, "C:/a/d:b", "relative_to", "C:/", 13), "a\\d:b");
  EXPECT_EQ(text(Flavour::windows, "a/b", "with_name", "c:", 11), "ValueError: Invalid name 'c:'");
  EXPECT_EQ(text(Flavour::windows, "a/b", "with_name", "c:", 12), "a\\c:");
  EXPECT_EQ(text(Flavour::posix, "a/b.txt", "with_stem", "", 12), "a/.txt");
  EXPECT_EQ(text(Flavour::posix, "a/b.txt", "with_stem", "", 13),
            "ValueError: PurePosixPath('a/b.txt') has a non-empty suffix");
  EXPECT_EQ(
      text(Flavour::posix, "/a/b", "relative_to", "/c", 10),
      "ValueError: '/a/b' is not in the subpath of '/c' OR one path is relative and the other is absolute.");
  EXPECT_EQ(text(Flavour::posix, "/a/b", "relative_to", "/c", 13),
            "ValueError: '/a/b' is not in the subpath of '/c'");
  EXPECT_FALSE(pure_path(Flavour::posix, "a/b", "match", "a[!x]b", 11).flag);
  EXPECT_TRUE(pure_path(Flavour::posix, "a/b", "match", "a[!x]b", 12).flag);
  EXPECT_FALSE(pure_path(Flavour::posix, "a/b", "match", "a[!x]b", 13).flag);
  EXPECT_FALSE(pure_path(Flavour::windows, "a/b.", "is_reserved", "", 12).flag);
  EXPECT_TRUE(pure_path(Flavour::windows, "a/b.", "is_reserved", "", 13).flag);
}

TEST(files_paths, sequences) {
  PathOutcome parents = pure_path(Flavour::windows, "C:/Users/Ana/x.tar.gz", "parents", "", 13);
  EXPECT_EQ(parents.items, (std::vector<std::string>{"C:\\Users\\Ana", "C:\\Users", "C:\\"}));
  PathOutcome suffixes = pure_path(Flavour::posix, "x.tar.gz", "suffixes", "", 10);
  EXPECT_EQ(suffixes.items, (std::vector<std::string>{".tar", ".gz"}));
}

TEST(files_paths, python_repr_quotes_and_escapes_as_cpython) {
  EXPECT_EQ(python_repr("a'b", 13), "\"a'b\"");
  EXPECT_EQ(python_repr("a'\"b", 13), "'a\\'\"b'");
  EXPECT_EQ(python_repr("a\\b\n\x01", 13), "'a\\\\b\\n\\x01'");
  EXPECT_EQ(python_repr("caf\xc3\xa9", 13), "'caf\xc3\xa9'");
  EXPECT_EQ(python_repr("\xc2\xa0", 13), "'\\xa0'");
  // U+1FAE8 (shaking face) is in Unicode 15.0: unassigned, so escaped, in 3.10 and 3.11.
  EXPECT_EQ(python_repr("\xf0\x9f\xab\xa8", 11), "'\\U0001fae8'");
  EXPECT_EQ(python_repr("\xf0\x9f\xab\xa8", 12), "'\xf0\x9f\xab\xa8'");
}

TEST(files_paths, budgets_and_bad_text_are_coded_errors) {
  auto code = [](const std::string& path, const std::string& op, const std::string& arg) {
    try {
      pure_path(Flavour::posix, path, op, arg, 13);
    } catch (const Error& e) {
      return std::string(code_name(e.code()));
    }
    return std::string("none");
  };
  EXPECT_EQ(code(std::string(1 << 20, 'a'), "str", ""), "LimitExceeded");
  EXPECT_EQ(code(std::string(5000, '/'), "str", ""), "LimitExceeded");
  EXPECT_EQ(code("a\xff", "str", ""), "BadParams");
  EXPECT_EQ(code("a", "str", "\xc0\x80"), "BadParams");
  EXPECT_EQ(code("a", "resolve", ""), "BadParams");
  EXPECT_EQ(code(std::string(30000, 'a'), "match", std::string(6000, '*') + "b"), "none");
  EXPECT_EQ(code(std::string(30000, 'a'), "match", "*a?*a?*a?*a?*a?*a?*a?*a?*a?*a?*a?*a?*a?*a?*a?*a?b"),
            "none");
  std::string pattern;
  for (int i = 0; i < 1500; ++i) pattern += "?*";
  // 3.12 runs the whole pattern as one regex over every line start: 30000 x 3000 steps is over budget.
  try {
    pure_path(Flavour::posix, std::string(30000, 'a'), "match", pattern + "b", 12);
    ADD_FAILURE() << "no limit";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::LimitExceeded);
  }
}

TEST(files_paths, the_registry_maps_a_raise_to_its_class) {
  RunContext ctx;
  Outcome out = registry().run(
      "path.pure", json{{"flavour", "posix"}, {"path", "a"}, {"op", "with_suffix"}, {"arg", "txt"}}, ctx);
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.code, ErrorCode::ValueError);
  EXPECT_EQ(out.message, "Invalid suffix 'txt'");
  out = registry().run("path.pure",
                       json{{"flavour", "windows"}, {"path", "C:"}, {"op", "joinpath"}, {"arg", "foo"}}, ctx);
  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.result["result"], "C:foo");
  EXPECT_EQ(out.result["python"], "3.13");
}

}  // namespace
}  // namespace llplay::files
