// The SQL lab's demos, as the registry sees them. They run in the browser only, on sql.js (SQLite
// compiled to wasm) in a worker of their own (web/labs/sql/): here they are declared, so that every
// demo has one id and its parameters are validated in C++ like any other, before sql.js sees them.
#include "../registry.hpp"

namespace llplay::sql {

namespace {

ParamSpec seed_param() { return {"seed", ParamType::integer, "seed", 1, 0, 4294967295.0, {}}; }

/// What the CLI and the native tests get if they run one: sql.js lives in the page.
json browser_only(const Params&, RunContext&) {
  throw Error(ErrorCode::UnknownDemo,
              "this demo runs in the browser only, on sql.js: open the playground's SQL lab");
}

Demo sql_demo(std::string id, std::string title, std::string summary, std::vector<ParamSpec> params) {
  return {std::move(id),     "sql",        std::move(title), std::move(summary),
          std::move(params), Needs::sqljs, browser_only};
}

}  // namespace

}  // namespace llplay::sql

namespace llplay {

/// The sql lab: called by the register_labs() that CMake writes for each program (see llplay_lab).
void register_sql_lab(Registry& r) {
  using namespace sql;
  r.add_lab({"sql", "SQL"});
  r.add(sql_demo(
      "sql.generate", "The Warriors database",
      "The series' schema (Users and Tasks, Warriors and Weapons) with n users, the same for the same "
      "seed. It becomes the lab database that the injection demo and the console use.",
      {{"users", ParamType::integer, "users", 10000, 1, 1000000, {}},
       {"tasksPerUser", ParamType::integer, "tasks per user", 3, 0, 20, {}},
       seed_param()}));
  r.add(
      sql_demo("sql.n-plus-one", "N+1 vs JOIN",
               "The N+1 crime: one query for the users, then one more per user for their tasks. Against one "
               "JOIN over the same data: query counts, time, and what each round trip costs.",
               {{"users", ParamType::integer, "users", 1000, 1, 100000, {}},
                {"tasksPerUser", ParamType::integer, "tasks per user", 3, 0, 20, {}},
                seed_param()}));
  r.add(sql_demo("sql.n-plus-one-sweep", "N+1 vs JOIN, by N",
                 "Both ways for 10, 100, ... users: the loop grows with N queries, the JOIN stays one.",
                 {{"maxUsers", ParamType::integer, "largest number of users", 10000, 10, 100000, {}}}));
  r.add(sql_demo("sql.index", "Indexes",
                 "Lookups by email with no index (EXPLAIN QUERY PLAN: SCAN) and after CREATE INDEX (SEARCH "
                 "USING INDEX), and the depth of the B-trees, read from the database file's pages.",
                 {{"rows", ParamType::integer, "rows", 100000, 100, 1000000, {}},
                  {"lookups", ParamType::integer, "lookups timed", 200, 1, 10000, {}}}));
  r.add(sql_demo("sql.index-sweep", "Lookup time by table size",
                 "Time per lookup without and with an index as the table grows: O(N) against O(log N).",
                 {{"maxRows", ParamType::integer, "largest table", 100000, 100, 1000000, {}}}));
  r.add(sql_demo(
      "sql.write-penalty", "What indexes cost writes",
      "Insert throughput into a table with 0, 1, 2 and 4 indexes: every index is another B-tree to update.",
      {{"rows", ParamType::integer, "rows inserted", 20000, 100, 200000, {}}}));
  r.add(sql_demo("sql.transactions", "The forgotten commit",
                 "n inserts, each in its own transaction (autocommit), against all of them in one.",
                 {{"inserts", ParamType::integer, "inserts", 10000, 10, 100000, {}}}));
  r.add(sql_demo(
      "sql.bank", "The bank transfer",
      "Debit Alice, then crash before crediting Bob. Without a transaction the money vanishes; with one, "
      "ROLLBACK puts it back and the books balance.",
      {{"mode", ParamType::choice, "mode", "transaction", 0, 0, {"transaction", "autocommit"}},
       {"amount", ParamType::integer, "amount", 100, 1, 1000, {}},
       {"crash", ParamType::boolean, "crash between debit and credit", true, 0, 0, {}}}));
  r.add(sql_demo("sql.injection", "SQL injection",
                 "A login form. Concatenated into the SQL, the attacker's text becomes SQL and runs; as a "
                 "parameter it is only data. The exact SQL that ran is shown.",
                 {{"mode", ParamType::choice, "query built by", "concat", 0, 0, {"concat", "param"}},
                  {"input", ParamType::string, "user name", "x'; DROP TABLE users; --", 0, 200, {}},
                  {"password", ParamType::string, "password", "", 0, 200, {}}}));
  r.add(sql_demo(
      "sql.joins", "Joins",
      "INNER, LEFT, RIGHT and FULL OUTER JOIN on a tiny Warriors/Weapons pair, with which rows each "
      "keeps. RIGHT and FULL need SQLite 3.39 or later.",
      {{"join", ParamType::choice, "join", "all", 0, 0, {"all", "inner", "left", "right", "full"}}}));
  r.add(sql_demo(
      "sql.console", "Console",
      "Any SQL against the lab database: each statement's rows and time, errors as SQLite reports them.",
      {{"sql",
        ParamType::string,
        "SQL",
        "SELECT name, COUNT(*) AS tasks FROM users JOIN tasks ON tasks.user_id = users.id GROUP BY users.id "
        "ORDER BY tasks DESC LIMIT 5;",
        1,
        100000,
        {}}}));
}

}  // namespace llplay
