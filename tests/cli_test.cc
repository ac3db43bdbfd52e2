// End-to-end tests of the topica command-line tool: each test runs the built binary
// (TOPICA_CLI) in a private temporary directory on the fixtures in tests/fixtures (made by
// tests/fixtures/make_fixtures.py) and checks its exit code, standard output and standard
// error. Exit codes: 0 success, 1 bad input or failure, 2 bad command line.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace topica {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::topica::testing::FixturePath;
using ::topica::testing::ReadFile;

const std::vector<std::string> kNewsLabels = {"diplomacy", "military",  "nuclear", "politics",
                                              "sanctions", "terrorism", "trade"};

::testing::AssertionResult Contains(const std::string& haystack, const std::string& needle) {
  if (haystack.find(needle) != std::string::npos) {
    return ::testing::AssertionSuccess() << "'" << needle << "' found in:\n" << haystack;
  }
  return ::testing::AssertionFailure() << "'" << needle << "' not found in:\n" << haystack;
}

struct CliRun {
  int code = -1;  // exit code, or -1 if the process did not exit normally
  std::string out, err;
};

std::string Quote(const std::string& s) {  // for /bin/sh
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::set<std::string> DirEntries(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

void WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

class CliTest : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    ::unsetenv("TOPICA_MODEL");  // only tests that set it themselves may use it
    std::string tmpl = (fs::temp_directory_path() / "topica_cli_test.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = new fs::path(tmpl);
    // The models most tests use, trained once per test process.
    CliRun r =
        Exec("train -q --data " + Quote(FixturePath("news_small.jsonl")) + " --out news.json");
    ASSERT_EQ(r.code, 0) << r.err;
    r = Exec("train -q --data " + Quote(FixturePath("topics_mc.tsv")) +
             " --text-field body --labels-field topic --out mc.json");
    ASSERT_EQ(r.code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    if (dir_ != nullptr) {
      std::error_code ec;
      fs::remove_all(*dir_, ec);
    }
    delete dir_;
    dir_ = nullptr;
  }

  // Runs "topica <args>" in the temporary directory, with standard input from `stdin_path`
  // (default: empty) and `env` ("NAME=value ...") prepended.
  static CliRun Exec(const std::string& args, const std::string& stdin_path = "/dev/null",
                     const std::string& env = "") {
    static int counter = 0;
    const std::string base = (*dir_ / ("run" + std::to_string(++counter))).string();
    const std::string cmd = "cd " + Quote(dir_->string()) + " && " + env + " " + Quote(TOPICA_CLI) +
                            " " + args + " <" + Quote(stdin_path) + " >" + Quote(base + ".out") +
                            " 2>" + Quote(base + ".err");
    const int status = std::system(cmd.c_str());
    CliRun r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = ReadFile(base + ".out");
    r.err = ReadFile(base + ".err");
    fs::remove(base + ".out");
    fs::remove(base + ".err");
    return r;
  }

  static std::string Path(const std::string& name) { return (*dir_ / name).string(); }
  static std::string Fixture(const std::string& name) { return Quote(FixturePath(name)); }
  static std::string Example(const std::string& name) {
    return Quote(std::string(TOPICA_TEST_FIXTURES) + "/../../examples/" + name);
  }

  static fs::path* dir_;  // the temporary directory every run works in
};

fs::path* CliTest::dir_ = nullptr;

// A bad-input run: exit code 1 (bad data) or 2 (bad command line), nothing on standard
// output, and one "topica <command>: error: ..." message on standard error that contains
// every string in `needles`.
void ExpectError(const CliRun& r, int code, const std::string& command,
                 const std::vector<std::string>& needles) {
  EXPECT_EQ(r.code, code) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("topica " + command + ": error: ", 0), 0u) << r.err;
  for (const std::string& n : needles) EXPECT_TRUE(Contains(r.err, n));
}

json ParseJson(const std::string& s) {
  json j = json::parse(s, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << s;
  return j;
}

std::vector<json> ParseJsonLines(const std::string& s) {
  std::vector<json> objects;
  for (const std::string& line : Lines(s)) objects.push_back(ParseJson(line));
  return objects;
}

// Checks one classify output object of the news model: 7 scores in [0, 1], predicted labels
// known and in model order.
void ExpectNewsClassification(const json& j) {
  ASSERT_TRUE(j.contains("labels") && j["labels"].is_array()) << j;
  ASSERT_TRUE(j.contains("scores") && j["scores"].is_object()) << j;
  ASSERT_EQ(j["scores"].size(), kNewsLabels.size()) << j;
  for (const std::string& l : kNewsLabels) {
    ASSERT_TRUE(j["scores"].contains(l)) << l;
    const double p = j["scores"][l].get<double>();
    EXPECT_GE(p, 0.0);
    EXPECT_LE(p, 1.0);
  }
  size_t last = 0;
  for (const auto& l : j["labels"]) {
    auto it = std::find(kNewsLabels.begin(), kNewsLabels.end(), l.get<std::string>());
    ASSERT_NE(it, kNewsLabels.end()) << l;
    const size_t index = static_cast<size_t>(it - kNewsLabels.begin());
    EXPECT_GE(index, last) << "labels not in model order: " << j["labels"];
    last = index;
  }
}

bool HasLabel(const json& j, const std::string& label) {
  for (const auto& l : j["labels"]) {
    if (l == label) return true;
  }
  return false;
}

// ---- help and usage ------------------------------------------------------------------

TEST_F(CliTest, TopLevelHelpListsCommands) {
  const CliRun r = Exec("--help");
  EXPECT_EQ(r.code, 0);
  for (const char* c : {"train", "classify", "eval", "explain", "info"}) {
    EXPECT_TRUE(Contains(r.out, c));
  }
  EXPECT_TRUE(Contains(r.out, "topica <command> --help"));
}

TEST_F(CliTest, VersionFlag) {
  const CliRun r = Exec("--version");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out.rfind("topica ", 0), 0u) << r.out;
}

TEST_F(CliTest, EveryCommandHasHelpNamingItsKeyOptions) {
  const std::map<std::string, std::vector<std::string>> expected = {
      {"train",
       {"--data", "--out", "--valid", "--format", "--text-field", "--labels-field", "--task",
        "--word-ngrams", "--char-ngrams", "--min-df", "--c", "--folds", "--seed", "--quiet"}},
      {"classify", {"--model", "--input-format", "--id-field", "--text-field", "--scores", "--raw", "inputs"}},
      {"eval", {"--model", "--data", "--format", "--json", "--labels-field"}},
      {"explain", {"--model", "--label", "--top", "--input-format", "--json"}},
      {"info", {"--model", "--json"}},
  };
  for (const auto& [command, options] : expected) {
    for (const std::string flag : {"--help", "-h"}) {
      const CliRun r = Exec(command + " " + flag);
      EXPECT_EQ(r.code, 0) << command;
      EXPECT_EQ(r.err, "") << command;
      EXPECT_TRUE(Contains(r.out, "Usage: topica " + command)) << command;
      for (const std::string& o : options) EXPECT_TRUE(Contains(r.out, o)) << command;
      // The top-level footer belongs to 'topica --help' only.
      EXPECT_FALSE(Contains(r.out, "topica <command> --help")) << command;
    }
  }
}

TEST_F(CliTest, TrainHelpShowsDefaultsReadably) {
  const CliRun r = Exec("train --help");
  EXPECT_TRUE(Contains(r.out, "--word-ngrams MIN MAX=1 2"));
  EXPECT_TRUE(Contains(r.out, "--no-sublinear-tf "));
  EXPECT_FALSE(Contains(r.out, "{false}"));
}

TEST_F(CliTest, NoCommandShowsUsage) {
  const CliRun r = Exec("");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(Contains(r.err, "Usage: topica"));
  EXPECT_TRUE(Contains(r.err, "classify"));
}

TEST_F(CliTest, UnknownCommandIsNamed) {
  const CliRun r = Exec("clasify x.txt");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(Contains(r.err, "topica: error: unknown command 'clasify'"));
}

// ---- train ---------------------------------------------------------------------------

TEST_F(CliTest, TrainReportsProgressAndSummaryOnStderr) {
  const CliRun r = Exec("train --data " + Fixture("news_small.jsonl") + " --out p.json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "");                                    // standard output stays free for data
  EXPECT_TRUE(Contains(r.err, "topica train: training"));  // plain lines: stderr is no tty
  EXPECT_TRUE(Contains(r.err, "trained a multilabel model on 102 documents: 7 labels"));
  EXPECT_TRUE(Contains(r.err, "cross-validation (3 folds): micro-F1 "));
  EXPECT_TRUE(Contains(r.err, "wrote p.json"));
  const CliRun q = Exec("train --quiet --data " + Fixture("news_small.jsonl") + " --out q.json");
  ASSERT_EQ(q.code, 0) << q.err;
  EXPECT_FALSE(Contains(q.err, "topica train: training"));
  EXPECT_TRUE(Contains(q.err, "trained a multilabel model"));
}

TEST_F(CliTest, TheSameCorpusInEveryFormatGivesTheSameModel) {
  // news_small.{jsonl,csv,ft} hold the same texts and labels (the CSV quotes fields with
  // commas and quotes; the fastText file has no ids, which the model does not store).
  const std::string jsonl = ReadFile(Path("news.json"));
  ASSERT_FALSE(jsonl.empty());
  for (const std::string ext : {"csv", "ft"}) {
    const CliRun r =
        Exec("train -q --data " + Fixture("news_small." + ext) + " --out news_" + ext + ".json");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(Contains(r.err, "on 102 documents: 7 labels")) << ext;
    EXPECT_EQ(ReadFile(Path("news_" + ext + ".json")), jsonl) << ext;
  }
  // Format named explicitly, and standard input.
  CliRun r =
      Exec("train -q --format csv --data " + Fixture("news_small.csv") + " --out explicit.json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(ReadFile(Path("explicit.json")), jsonl);
  r = Exec("train -q --format jsonl --data - --out stdin.json", FixturePath("news_small.jsonl"));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(ReadFile(Path("stdin.json")), jsonl);
}

TEST_F(CliTest, TrainMulticlassTsvWithNamedColumns) {
  const CliRun r = Exec("info --json --model mc.json");
  ASSERT_EQ(r.code, 0) << r.err;
  const json info = ParseJson(r.out);
  EXPECT_EQ(info["task"], "multiclass");
  EXPECT_EQ(info["labels"], json({"business", "science", "sport"}));
  EXPECT_FALSE(info.contains("thresholds"));
  EXPECT_EQ(info["training"]["documents"], 30);
}

TEST_F(CliTest, TrainingTwiceGivesByteIdenticalModels) {
  for (const std::string extra : {"", " --seed 7 --c 0.5 --char-ngrams 2 4"}) {
    const std::string args = "train -q --data " + Fixture("news_small.jsonl") + extra;
    CliRun r = Exec(args + " --out twice1.json");
    ASSERT_EQ(r.code, 0) << r.err;
    r = Exec(args + " --out twice2.json");
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string a = ReadFile(Path("twice1.json"));
    EXPECT_FALSE(a.empty());
    EXPECT_EQ(a, ReadFile(Path("twice2.json"))) << extra;
  }
}

TEST_F(CliTest, TrainOptionsReachTheModel) {
  const CliRun r = Exec("train -q --data " + Fixture("news_small.jsonl") +
                        " --out opts.json --word-ngrams 1 1 --no-sublinear-tf --name tiny-news");
  ASSERT_EQ(r.code, 0) << r.err;
  const CliRun i = Exec("info --json -m opts.json");
  ASSERT_EQ(i.code, 0) << i.err;
  const json info = ParseJson(i.out);
  EXPECT_EQ(info["name"], "tiny-news");
  EXPECT_EQ(info["settings"]["word_ngrams"], json({1, 1}));
  EXPECT_EQ(info["settings"]["sublinear_tf"], false);
}

TEST_F(CliTest, TrainWithValidationReportsIt) {
  const CliRun r = Exec("train -q --data " + Fixture("news_small.jsonl") + " --valid " +
                        Fixture("news_small.csv") + " --out valid.json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Contains(r.err, "validation ("));
  EXPECT_TRUE(Contains(r.err, "102 documents, micro-F1 "));
}

// ---- classify ------------------------------------------------------------------------

TEST_F(CliTest, ClassifyTextFileAndStdinAlike) {
  const CliRun file = Exec("classify -m news.json " + Example("article.txt"));
  ASSERT_EQ(file.code, 0) << file.err;
  EXPECT_EQ(file.err, "");
  const std::vector<json> docs = ParseJsonLines(file.out);
  ASSERT_EQ(docs.size(), 1u);
  ExpectNewsClassification(docs[0]);
  EXPECT_FALSE(docs[0].contains("file"));
  EXPECT_FALSE(docs[0].contains("raw"));
  EXPECT_TRUE(HasLabel(docs[0], "sanctions")) << docs[0];
  EXPECT_GT(docs[0]["scores"]["sanctions"].get<double>(), 0.5);

  const std::string article = std::string(TOPICA_TEST_FIXTURES) + "/../../examples/article.txt";
  const CliRun dash = Exec("classify -m news.json -", article);
  ASSERT_EQ(dash.code, 0) << dash.err;
  EXPECT_EQ(dash.out, file.out);
  const CliRun none = Exec("classify --model news.json", article);
  ASSERT_EQ(none.code, 0) << none.err;
  EXPECT_EQ(none.out, file.out);
}

TEST_F(CliTest, ClassifyLinesNumbersEachLine) {
  const CliRun r =
      Exec("classify -m news.json --input-format lines " + Fixture("classify_lines.txt"));
  ASSERT_EQ(r.code, 0) << r.err;
  const std::vector<json> docs = ParseJsonLines(r.out);
  ASSERT_EQ(docs.size(), 3u);
  for (size_t i = 0; i < docs.size(); ++i) {
    EXPECT_EQ(docs[i]["line"], static_cast<int>(i) + 1);
    ExpectNewsClassification(docs[i]);
  }
  EXPECT_TRUE(HasLabel(docs[0], "sanctions")) << docs[0];
  EXPECT_FALSE(HasLabel(docs[1], "sanctions")) << docs[1];  // a football match
  EXPECT_TRUE(HasLabel(docs[2], "terrorism")) << docs[2];
}

// --timing adds one line to standard error (load and classify CPU time, documents, bytes of
// text, rate) and changes nothing on standard output.
TEST_F(CliTest, ClassifyTimingReportsOnStderrOnly) {
  const std::string args = "classify -m news.json --input-format lines " + Fixture("classify_lines.txt");
  const CliRun plain = Exec(args);
  const CliRun timed = Exec(args + " --timing");
  ASSERT_EQ(plain.code, 0) << plain.err;
  ASSERT_EQ(timed.code, 0) << timed.err;
  EXPECT_EQ(timed.out, plain.out);
  EXPECT_EQ(plain.err, "");
  size_t text_bytes = 0;
  for (const std::string& line : Lines(ReadFile(FixturePath("classify_lines.txt")))) text_bytes += line.size();
  const std::regex want("timing: load [0-9]+\\.[0-9] ms CPU, classify [0-9]+\\.[0-9] ms CPU, "
                        "3 documents, " + std::to_string(text_bytes) + " bytes of text, "
                        "[0-9]+\\.[0-9]{2} MB/s\n");
  EXPECT_TRUE(std::regex_match(timed.err, want)) << timed.err;
}

// Output is written in blocks of about 64 KB: a stream longer than several blocks comes out
// whole, in order, one complete line per document.
TEST_F(CliTest, ClassifyLongStreamIsCompleteAndInOrder) {
  std::string text;
  for (int i = 0; i < 2000; ++i) {
    text += i % 2 ? "Talks on the embargo resumed in Geneva.\n" : "The team won the cup final.\n";
  }
  WriteFile(Path("long.txt"), text);
  const CliRun r = Exec("classify -m news.json --input-format lines " + Path("long.txt"));
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_GT(r.out.size(), size_t{3} << 16);  // several output blocks
  const std::vector<json> docs = ParseJsonLines(r.out);
  ASSERT_EQ(docs.size(), 2000u);
  for (size_t i = 0; i < docs.size(); ++i) {
    ASSERT_EQ(docs[i]["line"], static_cast<int>(i) + 1);
    ASSERT_EQ(docs[i]["scores"], docs[i % 2]["scores"]) << "line " << i + 1;
  }
}

TEST_F(CliTest, ClassifyJsonlEchoesIdsAndMatchesLines) {
  // classify_in.jsonl has the texts of classify_lines.txt, ids "a1", 42 and "a3", and a blank
  // line (skipped).
  const CliRun r =
      Exec("classify -m news.json --input-format jsonl --raw " + Fixture("classify_in.jsonl"));
  ASSERT_EQ(r.code, 0) << r.err;
  const std::vector<json> docs = ParseJsonLines(r.out);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0]["id"], "a1");
  EXPECT_EQ(docs[1]["id"], "42");  // ids are echoed as strings
  EXPECT_EQ(docs[2]["id"], "a3");
  const CliRun lines =
      Exec("classify -m news.json --input-format lines " + Fixture("classify_lines.txt"));
  const std::vector<json> by_line = ParseJsonLines(lines.out);
  ASSERT_EQ(by_line.size(), 3u);
  for (size_t i = 0; i < docs.size(); ++i) {
    ExpectNewsClassification(docs[i]);
    EXPECT_EQ(docs[i]["labels"], by_line[i]["labels"]);
    EXPECT_EQ(docs[i]["scores"], by_line[i]["scores"]);
    ASSERT_TRUE(docs[i].contains("raw"));
    EXPECT_EQ(docs[i]["raw"].size(), kNewsLabels.size());
  }
  // From standard input, with renamed fields.
  WriteFile(Path("renamed.jsonl"),
            "{\"key\": \"k1\", \"body\": \"Tariffs on steel imports rise.\"}\n");
  const CliRun renamed =
      Exec("classify -m news.json --input-format jsonl --id-field key --text-field body",
           Path("renamed.jsonl"));
  ASSERT_EQ(renamed.code, 0) << renamed.err;
  const std::vector<json> one = ParseJsonLines(renamed.out);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0]["id"], "k1");
}

// --scores all|predicted|none: the same labels; scores of every label, of the predicted
// labels only (same values), or none.
TEST_F(CliTest, ClassifyScoresOptionChoosesWhichScoresArePrinted) {
  const std::string in = " --input-format jsonl " + Fixture("classify_in.jsonl");
  const CliRun all = Exec("classify -m news.json --raw" + in);
  const CliRun predicted = Exec("classify -m news.json --scores predicted --raw" + in);
  const CliRun none = Exec("classify -m news.json --scores none" + in);
  ASSERT_EQ(all.code, 0) << all.err;
  ASSERT_EQ(predicted.code, 0) << predicted.err;
  ASSERT_EQ(none.code, 0) << none.err;
  const std::vector<json> a = ParseJsonLines(all.out), p = ParseJsonLines(predicted.out),
                          n = ParseJsonLines(none.out);
  ASSERT_EQ(a.size(), 3u);
  ASSERT_EQ(p.size(), 3u);
  ASSERT_EQ(n.size(), 3u);
  size_t predicted_labels = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(p[i]["labels"], a[i]["labels"]);
    EXPECT_EQ(n[i]["labels"], a[i]["labels"]);
    EXPECT_EQ(n[i]["id"], a[i]["id"]);
    EXPECT_FALSE(n[i].contains("scores"));
    EXPECT_FALSE(n[i].contains("raw"));
    ASSERT_EQ(p[i]["scores"].size(), a[i]["labels"].size());
    ASSERT_EQ(p[i]["raw"].size(), a[i]["labels"].size());
    for (const json& label : a[i]["labels"]) {
      const std::string l = label.get<std::string>();
      EXPECT_EQ(p[i]["scores"][l], a[i]["scores"][l]) << l;
      EXPECT_EQ(p[i]["raw"][l], a[i]["raw"][l]) << l;
      ++predicted_labels;
    }
  }
  EXPECT_GT(predicted_labels, 0u);  // the fixture has predictions to compare
  ExpectError(Exec("classify -m news.json --scores none --raw" + in), 2, "classify",
              {"--raw", "--scores"});
  ExpectError(Exec("classify -m news.json --scores some" + in), 2, "classify", {"--scores", "some"});
}

TEST_F(CliTest, ClassifySeveralFilesNamesThem) {
  const CliRun r =
      Exec("classify -m news.json " + Example("article.txt") + " " + Example("sports_result.txt"));
  ASSERT_EQ(r.code, 0) << r.err;
  const std::vector<json> docs = ParseJsonLines(r.out);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_TRUE(Contains(docs[0]["file"].get<std::string>(), "article.txt"));
  EXPECT_TRUE(Contains(docs[1]["file"].get<std::string>(), "sports_result.txt"));
}

TEST_F(CliTest, ClassifyUsesTopicaModelWhenNoModelIsGiven) {
  const CliRun with_flag = Exec("classify -m news.json " + Example("article.txt"));
  const CliRun from_env = Exec("classify " + Example("article.txt"), "/dev/null",
                               "TOPICA_MODEL=" + Quote(Path("news.json")));
  ASSERT_EQ(from_env.code, 0) << from_env.err;
  EXPECT_EQ(from_env.out, with_flag.out);
  const CliRun missing = Exec("classify " + Example("article.txt"), "/dev/null",
                              "TOPICA_MODEL=" + Quote(Path("nowhere.json")));
  ExpectError(missing, 1, "classify", {"nowhere.json", "TOPICA_MODEL"});
}

TEST_F(CliTest, ClassifyMulticlassGivesOneLabelAndScoresSummingToOne) {
  const CliRun r =
      Exec("classify -m mc.json --input-format lines " + Fixture("classify_lines.txt"));
  ASSERT_EQ(r.code, 0) << r.err;
  for (const json& d : ParseJsonLines(r.out)) {
    ASSERT_EQ(d["labels"].size(), 1u) << d;
    double sum = 0, best = -1;
    std::string best_label;
    for (const auto& [label, p] : d["scores"].items()) {
      sum += p.get<double>();
      if (p.get<double>() > best) best = p.get<double>(), best_label = label;
    }
    EXPECT_NEAR(sum, 1.0, 1e-4);
    EXPECT_EQ(d["labels"][0], best_label);
  }
}

TEST_F(CliTest, ClassifyHandlesUnicodeText) {
  WriteFile(Path("unicode.txt"),
            "Санкции продлены. Les ministres ont signé l’accord à Genève. 制裁延长。\n");
  const CliRun r = Exec("classify -m news.json unicode.txt");
  ASSERT_EQ(r.code, 0) << r.err;
  const std::vector<json> docs = ParseJsonLines(r.out);
  ASSERT_EQ(docs.size(), 1u);
  ExpectNewsClassification(docs[0]);
}

// ---- explain -------------------------------------------------------------------------

// classify --raw gives each label's raw score; explain --json gives the same score split
// into a bias and one contribution per term. They must agree.
TEST_F(CliTest, ExplanationsAddUpToTheRawScores) {
  const CliRun c =
      Exec("classify -m news.json --raw --input-format jsonl " + Fixture("classify_in.jsonl"));
  ASSERT_EQ(c.code, 0) << c.err;
  const std::vector<json> classified = ParseJsonLines(c.out);
  std::string label_args;
  for (const std::string& l : kNewsLabels) label_args += " -l " + l;
  const CliRun e = Exec("explain -m news.json --json -k 0 --input-format jsonl" + label_args + " " +
                        Fixture("classify_in.jsonl"));
  ASSERT_EQ(e.code, 0) << e.err;
  const std::vector<json> explained = ParseJsonLines(e.out);
  ASSERT_EQ(explained.size(), classified.size());
  for (size_t i = 0; i < explained.size(); ++i) {
    const json& x = explained[i];
    EXPECT_EQ(x["id"], classified[i]["id"]);
    EXPECT_EQ(x["labels"], classified[i]["labels"]);
    ASSERT_EQ(x["explanations"].size(), kNewsLabels.size());
    for (const json& ex : x["explanations"]) {
      const std::string label = ex["label"];
      double sum = ex["bias"].get<double>();
      for (const json& t : ex["terms"]) {
        EXPECT_NEAR(t["contribution"].get<double>(),
                    t["value"].get<double>() * t["weight"].get<double>(), 1e-5);
        sum += t["contribution"].get<double>();
      }
      EXPECT_EQ(ex["terms"].size(), ex["total_terms"].get<size_t>());  // -k 0: all terms
      EXPECT_NEAR(sum, ex["raw"].get<double>(), 1e-4) << label;
      EXPECT_NEAR(ex["raw"].get<double>(), classified[i]["raw"][label].get<double>(), 1e-5)
          << label;
      EXPECT_NEAR(ex["probability"].get<double>(), classified[i]["scores"][label].get<double>(),
                  1e-6);
      EXPECT_EQ(ex["predicted"].get<bool>(), HasLabel(classified[i], label)) << label;
    }
  }
}

TEST_F(CliTest, ExplainTextShowsTheArithmetic) {
  const CliRun r = Exec("explain -m news.json -k 3 " + Example("article.txt"));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "sanctions  p="));
  EXPECT_TRUE(Contains(r.out, "(predicted)"));
  EXPECT_TRUE(Contains(r.out, "tf-idf"));
  EXPECT_TRUE(Contains(r.out, "more terms)"));
  // "<label>  p=0.992 (predicted)  score S = bias B + terms T": S = B + T to print precision.
  int headers = 0;
  for (const std::string& line : Lines(r.out)) {
    const size_t at = line.find("  score ");
    if (at == std::string::npos) continue;
    ++headers;
    double s = 0, b = 0, t = 0;
    ASSERT_EQ(std::sscanf(line.c_str() + at, "  score %lf = bias %lf + terms %lf", &s, &b, &t), 3)
        << line;
    EXPECT_NEAR(s, b + t, 2e-4) << line;
  }
  EXPECT_GE(headers, 1);
}

TEST_F(CliTest, ExplainTopAndLabelOptions) {
  const CliRun r = Exec("explain -m news.json --json -k 2 -l trade " + Example("article.txt"));
  ASSERT_EQ(r.code, 0) << r.err;
  const std::vector<json> docs = ParseJsonLines(r.out);
  ASSERT_EQ(docs.size(), 1u);
  ASSERT_EQ(docs[0]["explanations"].size(), 1u);
  const json& ex = docs[0]["explanations"][0];
  EXPECT_EQ(ex["label"], "trade");
  EXPECT_LE(ex["terms"].size(), 2u);
  EXPECT_GT(ex["total_terms"].get<int>(), 2);
  // Lines input explains each line under a header naming it.
  const CliRun lines =
      Exec("explain -m news.json -k 1 --input-format lines " + Fixture("classify_lines.txt"));
  ASSERT_EQ(lines.code, 0) << lines.err;
  std::vector<std::string> headers;
  for (const std::string& line : Lines(lines.out)) {
    if (line.rfind("== ", 0) == 0) headers.push_back(line);
  }
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_EQ(headers[2], "== " + FixturePath("classify_lines.txt") + ":3");
  const CliRun lines_json =
      Exec("explain -m news.json --json --input-format lines " + Fixture("classify_lines.txt"));
  ASSERT_EQ(lines_json.code, 0) << lines_json.err;
  const std::vector<json> by_line = ParseJsonLines(lines_json.out);
  ASSERT_EQ(by_line.size(), 3u);
  EXPECT_EQ(by_line[2]["line"], 3);
  // jsonl input names each record by its id, with the fields named as for classify.
  WriteFile(Path("explain_in.jsonl"),
            "{\"key\": \"k9\", \"body\": \"Sanctions on oil exports.\"}\n");
  const CliRun jsonl = Exec(
      "explain -m news.json --input-format jsonl --id-field key --text-field body "
      "explain_in.jsonl");
  ASSERT_EQ(jsonl.code, 0) << jsonl.err;
  EXPECT_EQ(Lines(jsonl.out).at(0), "== explain_in.jsonl id k9");
}

// ---- eval ----------------------------------------------------------------------------

TEST_F(CliTest, EvalTableAndJsonAgree) {
  const CliRun table = Exec("eval -m news.json --data " + Fixture("news_small.jsonl"));
  ASSERT_EQ(table.code, 0) << table.err;
  for (const char* s : {"multilabel model, 102 documents", "precision", "recall", "support",
                        "micro avg", "macro avg", "exact match"}) {
    EXPECT_TRUE(Contains(table.out, s));
  }
  for (const std::string& l : kNewsLabels) EXPECT_TRUE(Contains(table.out, l));

  const CliRun j = Exec("eval -m news.json --json --data " + Fixture("news_small.jsonl"));
  ASSERT_EQ(j.code, 0) << j.err;
  const json report = ParseJson(j.out);
  EXPECT_EQ(report["task"], "multilabel");
  EXPECT_EQ(report["documents"], 102);
  EXPECT_FALSE(report.contains("confusion"));
  // Supports are the fixture's label counts.
  std::map<std::string, int> counts;
  for (const std::string& line : Lines(ReadFile(FixturePath("news_small.jsonl")))) {
    const json record = json::parse(line);
    for (const auto& l : record["labels"]) ++counts[l.get<std::string>()];
  }
  ASSERT_EQ(report["labels"].size(), kNewsLabels.size());
  for (const json& l : report["labels"]) {
    EXPECT_EQ(l["support"].get<int>(), counts[l["label"].get<std::string>()]) << l;
    for (const char* m : {"precision", "recall", "f1"}) {
      EXPECT_GE(l[m].get<double>(), 0.0);
      EXPECT_LE(l[m].get<double>(), 1.0);
    }
  }
  for (const char* avg : {"micro", "macro"}) {
    for (const char* m : {"precision", "recall", "f1"}) {
      EXPECT_GE(report[avg][m].get<double>(), 0.0);
      EXPECT_LE(report[avg][m].get<double>(), 1.0);
    }
  }
  // On its own training data the model should be nearly perfect.
  EXPECT_GT(report["micro"]["f1"].get<double>(), 0.8);
  // The same documents in the other formats give the same report.
  for (const std::string ext : {"csv", "ft"}) {
    const CliRun other = Exec("eval -m news.json --json --data " + Fixture("news_small." + ext));
    ASSERT_EQ(other.code, 0) << other.err;
    EXPECT_EQ(other.out, j.out) << ext;
  }
}

TEST_F(CliTest, EvalMulticlassHasAccuracyAndConfusionMatrix) {
  const std::string data = Fixture("topics_mc.tsv") + " --text-field body --labels-field topic";
  const CliRun table = Exec("eval -m mc.json --data " + data);
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_TRUE(Contains(table.out, "multiclass model, 30 documents"));
  EXPECT_TRUE(Contains(table.out, "accuracy"));
  EXPECT_TRUE(Contains(table.out, "confusion matrix"));
  const CliRun j = Exec("eval -m mc.json --json --data " + data);
  ASSERT_EQ(j.code, 0) << j.err;
  const json report = ParseJson(j.out);
  ASSERT_EQ(report["confusion"].size(), 3u);
  int total = 0, diagonal = 0;
  for (size_t t = 0; t < 3; ++t) {
    ASSERT_EQ(report["confusion"][t].size(), 3u);
    int row = 0;
    for (size_t p = 0; p < 3; ++p) row += report["confusion"][t][p].get<int>();
    EXPECT_EQ(row, report["labels"][t]["support"].get<int>());
    total += row;
    diagonal += report["confusion"][t][t].get<int>();
  }
  EXPECT_EQ(total, 30);
  EXPECT_NEAR(report["accuracy"].get<double>(), diagonal / 30.0, 1e-9);
  EXPECT_GT(report["accuracy"].get<double>(), 0.8);  // its own training data
}

// ---- info ----------------------------------------------------------------------------

TEST_F(CliTest, InfoDescribesTheModel) {
  const CliRun r = Exec("info -m news.json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "task:      multilabel"));
  EXPECT_TRUE(Contains(r.out, "labels:    7"));
  EXPECT_TRUE(Contains(r.out, "threshold"));
  EXPECT_TRUE(Contains(r.out, "24 training documents"));  // diplomacy
  const CliRun j = Exec("info --json --model news.json");
  ASSERT_EQ(j.code, 0) << j.err;
  const json info = ParseJson(j.out);
  EXPECT_EQ(info["task"], "multilabel");
  EXPECT_EQ(info["labels"], json(kNewsLabels));
  EXPECT_EQ(info["format_version"], 1);
  EXPECT_GT(info["features"].get<int>(), 0);
  EXPECT_GT(info["weights"].get<int>(), 0);
  ASSERT_EQ(info["thresholds"].size(), kNewsLabels.size());
  for (const auto& [label, t] : info["thresholds"].items()) {
    EXPECT_GT(t.get<double>(), 0.0) << label;
    EXPECT_LT(t.get<double>(), 1.0) << label;
  }
  EXPECT_EQ(info["training"]["documents"], 102);
  EXPECT_EQ(info["training"]["label_counts"]["diplomacy"], 24);
}

// ---- bad input -----------------------------------------------------------------------
// Each case: a clear message on stderr naming the problem (and file:line where there is
// one), a non-zero exit (1 for bad data, 2 for a bad command line), nothing on stdout.

// A failing train must leave no model at a new --out path, leave an existing model at --out
// byte-for-byte untouched, and leave no temporary file behind.
void ExpectTrainFailsCleanly(const std::string& args, int code,
                             const std::vector<std::string>& needles) {
  SCOPED_TRACE("topica train " + args);
  const fs::path dir = *CliTest::dir_;
  const std::set<std::string> entries = DirEntries(dir);
  CliRun r = CliTest::Exec("train -q " + args + " --out never_written.json");
  ExpectError(r, code, "train", needles);
  EXPECT_FALSE(fs::exists(dir / "never_written.json"));
  EXPECT_EQ(DirEntries(dir), entries);

  const std::string old_model = ReadFile(CliTest::Path("news.json"));
  ASSERT_FALSE(old_model.empty());
  WriteFile(dir / "existing.json", old_model);
  r = CliTest::Exec("train -q " + args + " --out existing.json");
  ExpectError(r, code, "train", needles);
  EXPECT_EQ(ReadFile(CliTest::Path("existing.json")), old_model);
  fs::remove(dir / "existing.json");
  EXPECT_EQ(DirEntries(dir), entries);
}

TEST_F(CliTest, TrainRejectsBadDataFiles) {
  ExpectTrainFailsCleanly("--data missing.jsonl", 1, {"missing.jsonl", "cannot open"});
  ExpectTrainFailsCleanly("--data " + Fixture("empty.jsonl"), 1, {"empty.jsonl", "no documents"});
  ExpectTrainFailsCleanly("--data " + Fixture("bad_json.jsonl"), 1,
                          {"bad_json.jsonl:4: ", "invalid JSON", "missing closing quote"});
  ExpectTrainFailsCleanly("--data " + Fixture("no_text.jsonl"), 1, {"no_text.jsonl:3: ", "'text'"});
  ExpectTrainFailsCleanly("--data " + Fixture("no_labels_field.jsonl"), 1,
                          {"no_labels_field.jsonl:2: ", "'labels'"});
  ExpectTrainFailsCleanly("--data " + Fixture("invalid_utf8.jsonl"), 1,
                          {"invalid_utf8.jsonl:5: ", "not valid UTF-8"});
  ExpectTrainFailsCleanly("--data " + Fixture("bad_header.csv"), 1,
                          {"bad_header.csv:1: ", "no column 'text'", "id, body, labels"});
  ExpectTrainFailsCleanly("--data " + Fixture("bad_quote.csv"), 1, {"bad_quote.csv:3: ", "quoted"});
  ExpectTrainFailsCleanly("--data " + Fixture("news_small.ft") + " --format jsonl", 1,
                          {"news_small.ft:1: ", "invalid JSON"});
  ExpectTrainFailsCleanly("--data " + Quote(dir_->string()), 1, {"directory"});
  // Data that cannot make the model asked for.
  ExpectTrainFailsCleanly("--data " + Fixture("news_small.jsonl") + " --task multiclass", 1,
                          {"news_small.jsonl", "line 4", "exactly one label", "--task multilabel"});
  ExpectTrainFailsCleanly("--data " + Fixture("news_small.jsonl") + " --label-weight weather=2", 1,
                          {"weather", "no such label"});
  // A bad --valid file: found before or after training, either way no model is written.
  ExpectTrainFailsCleanly("--data " + Fixture("news_small.jsonl") + " --valid missing.jsonl", 1,
                          {"missing.jsonl", "cannot open"});
  ExpectTrainFailsCleanly(
      "--data " + Fixture("news_small.jsonl") + " --valid " + Fixture("unknown_label.jsonl"), 1,
      {"unknown_label.jsonl:3: ", "'weather'"});
}

TEST_F(CliTest, TrainReportsAnUnwritableOutputBeforeTraining) {
  const CliRun r = Exec("train --data " + Fixture("news_small.jsonl") + " --out no_such_dir/m.json");
  ExpectError(r, 1, "train", {"no_such_dir/m.json", "cannot write", "no directory 'no_such_dir'"});
  EXPECT_FALSE(fs::exists(*dir_ / "no_such_dir"));
  const CliRun d = Exec("train --data " + Fixture("news_small.jsonl") + " --out .");
  ExpectError(d, 1, "train", {".: is a directory"});
}

TEST_F(CliTest, SuccessfulTrainReplacesAnExistingModel) {
  WriteFile(*dir_ / "replaced.json", "an old model");
  const CliRun r = Exec("train -q --data " + Fixture("news_small.jsonl") + " --out replaced.json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(ReadFile(Path("replaced.json")), ReadFile(Path("news.json")));
}

TEST_F(CliTest, TrainRejectsBadOptionValues) {
  const std::string data = "--data " + Fixture("news_small.jsonl");
  struct Case {
    std::string args;
    std::vector<std::string> needles;
  };
  const std::vector<Case> cases = {
      {"--c -1", {"c: ", "got -1"}},
      {"-c 0", {"c: ", "got 0"}},
      {"--c abc", {"--c", "abc"}},
      {"--word-ngrams 3 1", {"word n-grams", "got 3 1"}},
      {"--word-ngrams 0 0", {"word n-grams and char n-grams are both off"}},
      {"--word-ngrams 2", {"--word-ngrams"}},
      {"--char-ngrams 2 9", {"char n-grams", "got 2 9"}},
      {"--folds 1", {"folds", "2..20", "got 1"}},
      {"--folds 21", {"folds", "got 21"}},
      {"--min-df 0", {"min df", "got 0"}},
      {"--max-df 1.5", {"max df", "got 1.5"}},
      {"--hash-bits 31", {"hash bits", "got 31"}},
      {"--max-iter 0", {"max iterations", "got 0"}},
      {"--tolerance 0", {"tolerance", "got 0"}},
      {"--min-weight -1", {"min weight", "got -1"}},
      {"--seed -1", {"--seed", "got -1"}},
      {"--task multi", {"--task", "'multi'", "multilabel"}},
      {"--loss hinge", {"--loss", "'hinge'", "logistic"}},
      {"--label-weight trade", {"--label-weight", "LABEL=WEIGHT", "'trade'"}},
      {"--label-weight trade=lots", {"--label-weight", "'lots'"}},
      {"--format xml", {"--format", "'xml'", "fasttext"}},
      {"--frobnicate", {"--frobnicate"}},
      {"extra_argument", {"extra_argument"}},
  };
  for (const Case& c : cases) {
    ExpectTrainFailsCleanly(data + " " + c.args, 2, c.needles);
    // Bad command lines point to the help.
    const CliRun r = Exec("train -q " + data + " " + c.args + " --out x.json");
    EXPECT_TRUE(Contains(r.err, "Run 'topica train --help'")) << c.args;
  }
  const CliRun no_out = Exec("train " + data);
  ExpectError(no_out, 2, "train", {"--out is required"});
  const CliRun no_data = Exec("train --out x.json");
  ExpectError(no_data, 2, "train", {"--data is required"});
}

TEST_F(CliTest, EvalRejectsBadInput) {
  ExpectError(Exec("eval -m news.json --data " + Fixture("unknown_label.jsonl")), 1, "eval",
              {"unknown_label.jsonl:3: ", "label 'weather'", "not one of the model's labels",
               "diplomacy, military, nuclear, politics, sanctions, terrorism, trade"});
  ExpectError(Exec("eval -m news.json --data missing.jsonl"), 1, "eval",
              {"missing.jsonl", "cannot open"});
  ExpectError(Exec("eval -m news.json --data " + Fixture("empty.jsonl")), 1, "eval",
              {"empty.jsonl", "no documents"});
  ExpectError(Exec("eval -m news.json --data " + Fixture("bad_json.jsonl")), 1, "eval",
              {"bad_json.jsonl:4: ", "invalid JSON"});
  ExpectError(Exec("eval -m news.json --data " + Fixture("no_text.jsonl")), 1, "eval",
              {"no_text.jsonl:3: ", "'text'"});
  ExpectError(Exec("eval -m news.json --data " + Fixture("invalid_utf8.jsonl")), 1, "eval",
              {"invalid_utf8.jsonl:5: ", "UTF-8"});
  ExpectError(Exec("eval -m news.json --format xml --data " + Fixture("news_small.jsonl")), 2,
              "eval", {"--format", "'xml'"});
  ExpectError(Exec("eval -m news.json"), 2, "eval", {"--data is required"});
  // The multiclass model does not know the news labels.
  ExpectError(Exec("eval -m mc.json --data " + Fixture("news_small.jsonl")), 1, "eval",
              {"news_small.jsonl:1: ", "'diplomacy'", "business, science, sport"});
}

TEST_F(CliTest, ClassifyRejectsBadInput) {
  ExpectError(Exec("classify -m news.json missing.txt"), 1, "classify",
              {"missing.txt", "cannot open"});
  ExpectError(Exec("classify -m news.json " + Fixture("empty.jsonl")), 1, "classify",
              {"empty.jsonl", "empty"});
  ExpectError(Exec("classify -m news.json"), 1, "classify", {"<stdin>", "empty"});  // /dev/null
  ExpectError(Exec("classify -m news.json " + Quote(dir_->string())), 1, "classify", {"directory"});
  // The same bad byte is reported alike whether the file is one document or one per line
  // (where the two lines before it have been classified: see ClassifyStreamStopsAtTheFirstBadLine).
  ExpectError(Exec("classify -m news.json " + Fixture("invalid_utf8.txt")), 1, "classify",
              {"invalid_utf8.txt:3: ", "not valid UTF-8", "byte offset 4"});
  const CliRun lines =
      Exec("classify -m news.json --input-format lines " + Fixture("invalid_utf8.txt"));
  EXPECT_EQ(lines.code, 1);
  EXPECT_EQ(lines.err, "topica classify: error: " + FixturePath("invalid_utf8.txt") +
                           ":3: line is not valid UTF-8 (byte offset 4)\n");
  EXPECT_EQ(ParseJsonLines(lines.out).size(), 2u);
  WriteFile(*dir_ / "bad_stdin.txt", "Talks \xff resumed.\n");
  ExpectError(Exec("classify -m news.json", Path("bad_stdin.txt")), 1, "classify",
              {"<stdin>:1: ", "not valid UTF-8"});
  ExpectError(Exec("classify -m news.json --input-format xml " + Fixture("classify_lines.txt")), 2,
              "classify", {"--input-format", "'xml'", "text, lines or jsonl"});
  ExpectError(Exec("classify -m news.json --frobnicate"), 2, "classify", {"--frobnicate"});
}

// Streaming input (lines, jsonl) is classified as it is read: the documents before a bad
// line are printed, each as a complete JSON line, then the error stops the run.
TEST_F(CliTest, ClassifyStreamStopsAtTheFirstBadLine) {
  struct Case {
    std::string file;
    size_t good_before;
    std::vector<std::string> needles;
  };
  for (const Case& c : std::vector<Case>{
           {"bad_json.jsonl",
            3,
            {"bad_json.jsonl:4: ", "invalid JSON: column ", "missing closing quote"}},
           {"no_text.jsonl", 2, {"no_text.jsonl:3: ", "no 'text'"}},
           {"invalid_utf8.jsonl", 4, {"invalid_utf8.jsonl:5: ", "not valid UTF-8"}}}) {
    const CliRun r = Exec("classify -m news.json --input-format jsonl " + Fixture(c.file));
    EXPECT_EQ(r.code, 1) << c.file;
    EXPECT_EQ(r.err.rfind("topica classify: error: ", 0), 0u) << r.err;
    for (const std::string& n : c.needles) EXPECT_TRUE(Contains(r.err, n));
    const std::vector<json> docs = ParseJsonLines(r.out);  // every line parses: none is cut
    ASSERT_EQ(docs.size(), c.good_before) << c.file;
    for (const json& d : docs) ExpectNewsClassification(d);
    EXPECT_TRUE(r.out.empty() || r.out.back() == '\n');
  }
}

TEST_F(CliTest, ExplainRejectsBadInput) {
  ExpectError(Exec("explain -m news.json " + Fixture("invalid_utf8.txt")), 1, "explain",
              {"invalid_utf8.txt:3: ", "UTF-8"});
  ExpectError(Exec("explain -m news.json missing.txt"), 1, "explain",
              {"missing.txt", "cannot open"});
  ExpectError(Exec("explain -m news.json -l weather " + Example("article.txt")), 2, "explain",
              {"--label", "'weather'", "diplomacy, military"});
  ExpectError(Exec("explain -m news.json -k -1 " + Example("article.txt")), 2, "explain",
              {"--top", "got -1"});
  ExpectError(Exec("explain -m news.json --input-format xml " + Example("article.txt")), 2,
              "explain", {"--input-format", "'xml'"});
}

TEST_F(CliTest, BadModelFilesAreRejected) {
  WriteFile(*dir_ / "not_topica.json", "{\"format\": \"something-else\", \"format_version\": 1}\n");
  const std::string model = ReadFile(Path("news.json"));
  WriteFile(*dir_ / "truncated.json", model.substr(0, model.size() / 2));
  for (const std::string command : {"info", "classify", "explain", "eval"}) {
    std::string rest = command == "eval"   ? " --data " + Fixture("news_small.jsonl")
                       : command == "info" ? ""
                                           : " " + Example("article.txt");
    ExpectError(Exec(command + " -m missing_model.json" + rest), 1, command,
                {"missing_model.json", "cannot open"});
    ExpectError(Exec(command + " -m " + Fixture("news_small.jsonl") + rest), 1, command,
                {"news_small.jsonl", "not valid JSON"});
    ExpectError(Exec(command + " -m not_topica.json" + rest), 1, command,
                {"not_topica.json", "something-else", "topica-model"});
    ExpectError(Exec(command + " -m truncated.json" + rest), 1, command, {"truncated.json"});
  }
}

}  // namespace
}  // namespace topica
