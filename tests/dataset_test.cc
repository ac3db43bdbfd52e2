// Tests for core/train/dataset.cc: every format from memory and from files, every error path
// (messages are compared whole, so the file and line they name are checked), CSV quoting,
// BOM, CRLF and UTF-8 validation.
#include "topica/dataset.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#endif

namespace topica {
namespace {

using Labels = std::vector<std::string>;

std::vector<Document> ParseOk(std::string_view content, std::string_view source,
                              const DataOptions& options = DataOptions()) {
  Result<std::vector<Document>> r = ParseDataset(content, source, options);
  EXPECT_TRUE(r.ok()) << r.status().message();
  if (!r.ok()) return {};
  return std::move(r).value();
}

// Parses, expects a failure and returns its message ("" when it unexpectedly succeeded).
std::string ParseErr(std::string_view content, std::string_view source,
                     const DataOptions& options = DataOptions(),
                     StatusCode code = StatusCode::kOk) {
  Result<std::vector<Document>> r = ParseDataset(content, source, options);
  EXPECT_FALSE(r.ok());
  if (r.ok()) return "";
  if (code != StatusCode::kOk) {
    EXPECT_EQ(r.status().code(), code) << r.status().message();
  }
  return r.status().message();
}

void ExpectDoc(const Document& d, const std::string& id, const std::string& text,
               const Labels& labels, int64_t line) {
  EXPECT_EQ(d.id, id);
  EXPECT_EQ(d.text, text);
  EXPECT_EQ(d.labels, labels);
  EXPECT_EQ(d.line, line);
}

void ExpectSameDocs(const std::vector<Document>& a, const std::vector<Document>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) ExpectDoc(b[i], a[i].id, a[i].text, a[i].labels, a[i].line);
}

// ---- ParseDataFormat ---------------------------------------------------------------------

TEST(ParseDataFormat, KnownNames) {
  EXPECT_EQ(*ParseDataFormat("auto"), DataFormat::kAuto);
  EXPECT_EQ(*ParseDataFormat("jsonl"), DataFormat::kJsonl);
  EXPECT_EQ(*ParseDataFormat("csv"), DataFormat::kCsv);
  EXPECT_EQ(*ParseDataFormat("tsv"), DataFormat::kTsv);
  EXPECT_EQ(*ParseDataFormat("fasttext"), DataFormat::kFastText);
  EXPECT_EQ(*ParseDataFormat("CSV"), DataFormat::kCsv);
}

TEST(ParseDataFormat, UnknownName) {
  Result<DataFormat> r = ParseDataFormat("xml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "unknown data format 'xml' (expected auto, jsonl, csv, tsv or fasttext)");
}

// ---- IsValidUtf8 -------------------------------------------------------------------------

TEST(IsValidUtf8, AcceptsWellFormed) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ASCII text longer than eight bytes"));
  EXPECT_TRUE(IsValidUtf8(std::string("nul \0 inside", 12)));
  EXPECT_TRUE(IsValidUtf8("\x7F"));
  EXPECT_TRUE(IsValidUtf8("\xC2\x80"));          // U+0080, smallest 2-byte
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9"));       // é
  EXPECT_TRUE(IsValidUtf8("\xDF\xBF"));          // U+07FF
  EXPECT_TRUE(IsValidUtf8("\xE0\xA0\x80"));      // U+0800, smallest 3-byte
  EXPECT_TRUE(IsValidUtf8("\xE2\x82\xAC"));      // €
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
  EXPECT_TRUE(IsValidUtf8("\xEE\x80\x80"));      // U+E000, just above them
  EXPECT_TRUE(IsValidUtf8("\xEF\xBF\xBF"));      // U+FFFF
  EXPECT_TRUE(IsValidUtf8("\xF0\x90\x80\x80"));  // U+10000, smallest 4-byte
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // 😀
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the largest
  EXPECT_TRUE(
      IsValidUtf8("12345678\xC3\xA9"
                  "12345678\xF0\x9F\x98\x80"));  // mixed with runs
}

// Each case: bytes and the offset of the first byte of the ill-formed sequence.
TEST(IsValidUtf8, RejectsIllFormedAndReportsOffset) {
  struct Case {
    std::string bytes;
    size_t offset;
    const char* what;
  };
  const std::vector<Case> cases = {
      {"\x80", 0, "lone continuation byte"},
      {"abc\xBF", 3, "continuation byte after ASCII"},
      {"\xC0\x80", 0, "overlong NUL (C0)"},
      {"\xC1\xBF", 0, "overlong 2-byte (C1)"},
      {"\xE0\x80\x80", 0, "overlong 3-byte"},
      {"\xE0\x9F\xBF", 0, "overlong U+07FF in 3 bytes"},
      {"\xF0\x80\x80\x80", 0, "overlong 4-byte"},
      {"\xF0\x8F\xBF\xBF", 0, "overlong U+FFFF in 4 bytes"},
      {"x\xED\xA0\x80", 1, "surrogate U+D800"},
      {"\xED\xBF\xBF", 0, "surrogate U+DFFF"},
      {"\xED\xA0\xBD\xED\xB8\x80", 0, "CESU-8 surrogate pair"},
      {"\xF4\x90\x80\x80", 0, "U+110000, above the maximum"},
      {"\xF5\x80\x80\x80", 0, "F5 lead byte"},
      {"\xFF", 0, "FF byte"},
      {"\xFE\xFF", 0, "UTF-16 BOM bytes"},
      {"ok \xC3", 3, "truncated 2-byte at the end"},
      {"\xE2\x82", 0, "truncated 3-byte at the end"},
      {"\xF0\x9F\x98", 0, "truncated 4-byte at the end"},
      {"\xE2\x82"
       "A",
       0, "3-byte cut by ASCII"},
      {"\xC3\xC3\xA9", 0, "lead byte followed by a lead byte"},
      {"0123456789\xC3(", 10, "after an 8-byte ASCII run"},
      {"\xC3\xA9\xE2\x82\xAC\x80", 5, "stray continuation after valid characters"},
  };
  for (const Case& c : cases) {
    size_t offset = 12345;
    EXPECT_FALSE(IsValidUtf8(c.bytes, &offset)) << c.what;
    EXPECT_EQ(offset, c.offset) << c.what;
    EXPECT_FALSE(IsValidUtf8(c.bytes)) << c.what;  // null bad_offset is allowed
  }
}

// ---- JSON Lines --------------------------------------------------------------------------

TEST(Jsonl, ReadsRecordsIdsAndLabels) {
  const std::string content =
      "{\"id\": \"a-1\", \"text\": \"Talks in Geneva\", \"labels\": [\"diplomacy\", \"un\"]}\n"
      "\n"
      "   \t \n"
      "{\"text\": \"Tanks moved\", \"labels\": \"military\", \"id\": 42}\n"
      "{\"text\": \"No id here\", \"labels\": []}\n";
  std::vector<Document> docs = ParseOk(content, "train.jsonl");
  ASSERT_EQ(docs.size(), 3u);
  ExpectDoc(docs[0], "a-1", "Talks in Geneva", {"diplomacy", "un"}, 1);
  ExpectDoc(docs[1], "42", "Tanks moved", {"military"}, 4);
  ExpectDoc(docs[2], "5", "No id here", {}, 5);
}

TEST(Jsonl, LabelsAreTrimmedAndDeduplicated) {
  std::vector<Document> docs = ParseOk(
      "{\"text\": \"t\", \"labels\": [\" a \", \"b\\t\", \"a\", \"b\"]}\n"
      "{\"text\": \"t\", \"labels\": \"  single\\n\"}\n",
      "x.jsonl");
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].labels, (Labels{"a", "b"}));
  EXPECT_EQ(docs[1].labels, (Labels{"single"}));
}

TEST(Jsonl, DecodesEscapes) {
  std::vector<Document> docs =
      ParseOk(R"({"text": "a\"b\\c\/d\n\t\u00e9\u20ac\ud83d\ude00\u0041", )"
              R"("labels": ["caf\u00e9"], "id": "\u0031"})",
              "x.jsonl");
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].text,
            "a\"b\\c/d\n\t\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"
            "A");
  EXPECT_EQ(docs[0].labels, (Labels{"caf\xC3\xA9"}));
  EXPECT_EQ(docs[0].id, "1");
}

TEST(Jsonl, AcceptsAnyOtherFieldsAndNumberIds) {
  std::vector<Document> docs = ParseOk(
      "{\"meta\": {\"a\": [1, {\"b\": null}]}, \"score\": -1.5e3, \"ok\": true, "
      "\"text\": \"t1\", \"labels\": [\"x\"], \"id\": 1.5}\n"
      "{\"text\": \"t2\", \"labels\": [\"x\"], \"id\": -7, \"tags\": [1, 2]}\n"
      "{\"text\": \"t3\", \"labels\": [\"x\"], \"id\": null}\n",
      "x.jsonl");
  ASSERT_EQ(docs.size(), 3u);
  ExpectDoc(docs[0], "1.5", "t1", {"x"}, 1);
  ExpectDoc(docs[1], "-7", "t2", {"x"}, 2);
  ExpectDoc(docs[2], "3", "t3", {"x"}, 3);  // null id: the line number
}

TEST(Jsonl, DuplicateKeysLastOneWins) {
  std::vector<Document> docs = ParseOk(
      "{\"text\": \"first\", \"labels\": [\"a\"], \"text\": \"second\", \"labels\": \"b\"}\n"
      // The same with a nested value (nlohmann's DOM parser reads this one).
      "{\"text\": \"first\", \"labels\": [\"a\"], \"text\": \"second\", \"labels\": \"b\", "
      "\"m\": {}}\n",
      "x.jsonl");
  ASSERT_EQ(docs.size(), 2u);
  ExpectDoc(docs[0], "1", "second", {"b"}, 1);
  ExpectDoc(docs[1], "2", "second", {"b"}, 2);
}

TEST(Jsonl, ConfigurableFieldNames) {
  DataOptions o;
  o.text_field = "body";
  o.labels_field = "topics";
  o.id_field = "doc";
  std::vector<Document> docs = ParseOk(
      "{\"doc\": \"d1\", \"body\": \"B\", \"topics\": [\"t\"], \"text\": 5}\n", "x.jsonl", o);
  ASSERT_EQ(docs.size(), 1u);
  ExpectDoc(docs[0], "d1", "B", {"t"}, 1);
}

TEST(Jsonl, MissingOrNullLabels) {
  const std::string content =
      "{\"text\": \"a\", \"labels\": [\"x\"]}\n"
      "{\"text\": \"b\"}\n"
      "{\"text\": \"c\", \"labels\": null}\n";
  EXPECT_EQ(ParseErr(content, "x.jsonl", DataOptions(), StatusCode::kInvalidArgument),
            "x.jsonl:2: record has no 'labels' (a string or an array of strings)");
  EXPECT_EQ(ParseErr("{\"text\": \"c\", \"labels\": null}\n", "x.jsonl"),
            "x.jsonl:1: record has no 'labels' (a string or an array of strings)");
  DataOptions o;
  o.require_labels = false;
  std::vector<Document> docs = ParseOk(content, "x.jsonl", o);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[1].labels, Labels{});
  EXPECT_EQ(docs[2].labels, Labels{});
}

TEST(Jsonl, CrlfBomAndNoFinalNewline) {
  std::vector<Document> docs = ParseOk(
      "\xEF\xBB\xBF{\"text\": \"one\", \"labels\": [\"a\"]}\r\n"
      "\r\n"
      "{\"text\": \"two\", \"labels\": [\"b\"]}",
      "x.jsonl");
  ASSERT_EQ(docs.size(), 2u);
  ExpectDoc(docs[0], "1", "one", {"a"}, 1);
  ExpectDoc(docs[1], "3", "two", {"b"}, 3);
}

TEST(Jsonl, Errors) {
  const std::string good = "{\"text\": \"ok\", \"labels\": [\"a\"]}\n";
  EXPECT_EQ(ParseErr(good + "{\"text\": \"x\", \"labels\": [\"a\"]\n", "t.jsonl", DataOptions(),
                     StatusCode::kDataLoss),
            "t.jsonl:2: invalid JSON: column 30: syntax error while parsing object - unexpected "
            "end of input; expected '}'");
  EXPECT_EQ(ParseErr(good + "{\"text\": tru}\n", "t.jsonl"),
            "t.jsonl:2: invalid JSON: column 13: syntax error while parsing value - invalid "
            "literal; last read: '\"text\": tru}'");
  EXPECT_EQ(ParseErr(good + good + "[\"text\", 1]\n", "t.jsonl", DataOptions(),
                     StatusCode::kInvalidArgument),
            "t.jsonl:3: expected a JSON object, got array (JSON Lines has one object per line)");
  EXPECT_EQ(ParseErr(good + "\"just a string\"\n", "t.jsonl"),
            "t.jsonl:2: expected a JSON object, got string");
  EXPECT_EQ(ParseErr(good + "{\"labels\": [\"a\"]}\n", "t.jsonl", DataOptions(),
                     StatusCode::kInvalidArgument),
            "t.jsonl:2: record has no 'text' string");
  EXPECT_EQ(ParseErr("{\"text\": 12, \"labels\": [\"a\"]}\n", "t.jsonl"),
            "t.jsonl:1: record has no 'text' string (it is number)");
  EXPECT_EQ(ParseErr("{\"text\": null, \"labels\": [\"a\"]}\n", "t.jsonl"),
            "t.jsonl:1: record has no 'text' string (it is null)");
  EXPECT_EQ(ParseErr("{\"text\": \"t\", \"labels\": 3}\n", "t.jsonl"),
            "t.jsonl:1: 'labels' must be a string or an array of strings, got number");
  EXPECT_EQ(ParseErr("{\"text\": \"t\", \"labels\": {\"a\": 1}}\n", "t.jsonl"),
            "t.jsonl:1: 'labels' must be a string or an array of strings, got object");
  EXPECT_EQ(ParseErr("{\"text\": \"t\", \"labels\": [\"a\", 1]}\n", "t.jsonl"),
            "t.jsonl:1: 'labels' [1] is number, expected a string");
  EXPECT_EQ(ParseErr("{\"text\": \"t\", \"labels\": [\"a\", null]}\n", "t.jsonl"),
            "t.jsonl:1: 'labels' [1] is null, expected a string");
  EXPECT_EQ(ParseErr("{\"text\": \"t\", \"labels\": [\"a\", \"  \"]}\n", "t.jsonl"),
            "t.jsonl:1: empty label (use [] for a record with no labels)");
  EXPECT_EQ(ParseErr("{\"text\": \"t\", \"labels\": \"\"}\n", "t.jsonl"),
            "t.jsonl:1: empty label (use [] for a record with no labels)");
  EXPECT_EQ(ParseErr("{\"text\": \"t\", \"labels\": [], \"id\": true}\n", "t.jsonl"),
            "t.jsonl:1: 'id' must be a string or a number, got boolean");
  EXPECT_EQ(ParseErr("{\"text\": \"t\", \"labels\": [], \"id\": [1]}\n", "t.jsonl"),
            "t.jsonl:1: 'id' must be a string or a number, got array");
}

TEST(Jsonl, InvalidUtf8) {
  // Raw bad bytes fail nlohmann's lexer; the message names the byte's offset in the line.
  EXPECT_EQ(
      ParseErr("{\"text\": \"ok\", \"labels\": []}\n{\"text\": \"caf\xE9\", \"labels\": []}\n",
               "t.jsonl", DataOptions(), StatusCode::kDataLoss),
      "t.jsonl:2: line is not valid UTF-8 (byte offset 13)");
  EXPECT_EQ(ParseErr("{\"text\": \"\xED\xA0\x80\", \"labels\": []}\n", "t.jsonl"),
            "t.jsonl:1: line is not valid UTF-8 (byte offset 10)");  // surrogate
  EXPECT_EQ(ParseErr("{\"text\": \"\xC0\xAF\", \"labels\": []}\n", "t.jsonl"),
            "t.jsonl:1: line is not valid UTF-8 (byte offset 10)");  // overlong
  EXPECT_EQ(ParseErr("{\"text\": \"t\", \"labels\": [\"\xF4\x90\x80\x80\"]}\n", "t.jsonl"),
            "t.jsonl:1: line is not valid UTF-8 (byte offset 26)");  // > U+10FFFF
  EXPECT_EQ(ParseErr("{\"text\": \"t\", \"labels\": [], \"id\": \"\xE2\x82\"}\n", "t.jsonl"),
            "t.jsonl:1: line is not valid UTF-8 (byte offset 35)");  // truncated
  // Escaped lone surrogates are JSON errors.
  EXPECT_EQ(ParseErr("{\"text\": \"\\ud800\", \"labels\": []}\n", "t.jsonl", DataOptions(),
                     StatusCode::kDataLoss),
            "t.jsonl:1: invalid JSON: column 17: syntax error while parsing value - invalid "
            "string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF; last read: "
            "'\"\\ud800\"'");
}

TEST(Jsonl, LongTokensAreShortenedInErrors) {
  const std::string text(500, 'x');
  const std::string m = ParseErr("{\"text\": \"" + text + "\n", "t.jsonl");
  EXPECT_EQ(m,
            "t.jsonl:1: invalid JSON: column 511: syntax error while parsing value - invalid "
            "string: missing closing quote; last read: '\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'");
}

TEST(Jsonl, JsonArrayFileGetsAHint) {
  EXPECT_EQ(ParseErr("[\n  {\"text\": \"a\", \"labels\": []}\n]\n", "data.json"),
            "data.json:1: invalid JSON: column 2: syntax error while parsing value - unexpected "
            "end of input; expected '[', '{', or a literal (a JSON array? topica reads JSON "
            "Lines: one object per line)");
}

TEST(Jsonl, NumbersThatOverflowAreErrors) {
  const std::string big(400, '9');
  EXPECT_EQ(
      ParseErr("{\"text\": \"t\", \"labels\": [], \"n\": " + big + "}\n", "t.jsonl").substr(0, 45),
      "t.jsonl:1: invalid JSON: number overflow pars");
  EXPECT_EQ(ParseErr("{\"text\": \"t\", \"labels\": [], \"n\": 1e999}\n", "t.jsonl"),
            "t.jsonl:1: invalid JSON: number overflow parsing '1e999'");
  // Large but finite numbers are fine.
  EXPECT_EQ(ParseOk("{\"text\": \"t\", \"labels\": [], \"n\": " + std::string(300, '9') +
                        ".5, \"m\": 1e300}\n",
                    "t.jsonl")
                .size(),
            1u);
}

// The scanner for flat records and nlohmann's DOM parser must agree. Adding a nested field
// to a record sends it down the DOM path; both versions must succeed or fail together and
// give the same document. The records are random edits of valid ones.
TEST(Jsonl, FastAndGeneralPathsAgree) {
  const std::vector<std::string> seeds = {
      R"({"id": "a/1", "text": "hello \"world\" \u00e9\ud83d\ude00 \n end", )"
      R"("labels": ["x", " y ", "x"], "split": "train"})",
      "{\"text\":\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\",\"labels\":\"sports\",\"n\":12.5,"
      "\"b\":true,\"c\":false,\"z\":null,\"arr\":[],\"arr2\":[\"q\",\"r\"]}",
      R"({"labels": [], "text": "", "id": null, "k": -0.0, "e": 10})",
      R"(  {"text" : "t" , "labels" : null , "id" : "17" }  )",
      R"({"te\u0078t": "escaped key", "labels": ["\t"], "i\u0064": "\/"})",
  };
  const std::string alphabet[] = {"\"",   "\\", "{", "}", "[", "]",  ":",    ",",    "u",    "0",
                                  "1",    "e",  "-", ".", " ", "\t", "\x80", "\xC3", "\xED", "\xA0",
                                  "\x01", "n",  "t", "d", "D", "8",  "/",    "x"};
  std::mt19937 rng(12345);
  DataOptions o;
  o.format = DataFormat::kJsonl;
  o.require_labels = false;
  int agreed_ok = 0;
  for (int iter = 0; iter < 4000; ++iter) {
    std::string s = seeds[rng() % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      const size_t at = rng() % (s.size() + 1);
      const std::string& c = alphabet[rng() % (sizeof(alphabet) / sizeof(alphabet[0]))];
      switch (rng() % 3) {
        case 0:
          if (at < s.size()) s.replace(at, 1, c);
          break;
        case 1:
          s.insert(at, c);
          break;
        default:
          if (at < s.size()) s.erase(at, 1);
          break;
      }
    }
    const size_t brace = s.find_first_not_of(" \t");
    if (brace == std::string::npos || s[brace] != '{') continue;
    std::string nested = s;
    nested.insert(brace + 1, "\"zz\": {\"q\": [1]}, ");
    Result<std::vector<Document>> a = ParseDataset(s, "f.jsonl", o);
    Result<std::vector<Document>> b = ParseDataset(nested, "f.jsonl", o);
    ASSERT_EQ(a.ok(), b.ok()) << s << "\n" << (a.ok() ? b : a).status().message();
    if (a.ok()) {
      ExpectSameDocs(*a, *b);
      ++agreed_ok;
    }
  }
  EXPECT_GT(agreed_ok, 200);  // the edits leave enough valid records to compare
}

// The scanner skips plain bytes 8 at a time; put each kind of special byte at every position
// within a word and check both paths again.
TEST(Jsonl, SpecialBytesAtEveryOffset) {
  const std::vector<std::string> specials = {
      "\\\"", "\\\\", "\\n", "\\u00e9", "\xC3\xA9", "\xF0\x9F\x98\x80", "\x1F", "\x7F", "\xC3"};
  for (const std::string& special : specials) {
    for (size_t before = 0; before < 20; ++before) {
      const std::string text = std::string(before, 'a') + special + std::string(11, 'b');
      const std::string flat = "{\"text\": \"" + text + "\", \"labels\": [\"L" + text + "\"]}";
      const std::string nested =
          "{\"zz\": {}, \"text\": \"" + text + "\", \"labels\": [\"L" + text + "\"]}";
      Result<std::vector<Document>> a = ParseDataset(flat, "f.jsonl", DataOptions());
      Result<std::vector<Document>> b = ParseDataset(nested, "f.jsonl", DataOptions());
      ASSERT_EQ(a.ok(), b.ok()) << flat;
      // Raw control characters and a truncated UTF-8 sequence are errors; the rest decode.
      const bool bad = special == "\x1F" || special == "\xC3";
      EXPECT_EQ(a.ok(), !bad) << flat;
      if (a.ok()) {
        ExpectSameDocs(*a, *b);
        EXPECT_EQ((*a)[0].labels, Labels{"L" + (*a)[0].text});
      }
    }
  }
}

// ---- CSV -----------------------------------------------------------------------------------

TEST(Csv, ReadsHeaderAndRows) {
  const std::string content =
      "id,text,labels,extra\n"
      "d1,Talks in Geneva,diplomacy|un,x\n"
      "d2,Tanks moved,military,y\n"
      ",No id,,z\n";
  std::vector<Document> docs = ParseOk(content, "data.csv");
  ASSERT_EQ(docs.size(), 3u);
  ExpectDoc(docs[0], "d1", "Talks in Geneva", {"diplomacy", "un"}, 2);
  ExpectDoc(docs[1], "d2", "Tanks moved", {"military"}, 3);
  ExpectDoc(docs[2], "4", "No id", {}, 4);  // empty id cell: line number; empty labels: none
}

TEST(Csv, QuotingEdgeCases) {
  const std::string content =
      "text,labels\n"
      "\"a, b and c\",x\n"                             // comma inside quotes
      "\"she said \"\"hi\"\"\",x\n"                    // doubled quotes
      "\"line one\nline two\n\nline four\",\"y|z\"\n"  // embedded newlines (record at 4)
      "\"\",x\n"                                       // empty quoted field
      "\"\"\"\",x\n"                                   // a single quote character
      "un\"quoted\",x\n"                               // stray quote kept literally
      "\"crlf\r\ninside\",x\r\n"                       // CRLF inside quotes is kept
      "last,\"x\"";                                    // no final newline
  std::vector<Document> docs = ParseOk(content, "q.csv");
  ASSERT_EQ(docs.size(), 8u);
  ExpectDoc(docs[0], "2", "a, b and c", {"x"}, 2);
  ExpectDoc(docs[1], "3", "she said \"hi\"", {"x"}, 3);
  ExpectDoc(docs[2], "4", "line one\nline two\n\nline four", {"y", "z"}, 4);
  ExpectDoc(docs[3], "8", "", {"x"}, 8);
  ExpectDoc(docs[4], "9", "\"", {"x"}, 9);
  ExpectDoc(docs[5], "10", "un\"quoted\"", {"x"}, 10);
  ExpectDoc(docs[6], "11", "crlf\r\ninside", {"x"}, 11);
  ExpectDoc(docs[7], "13", "last", {"x"}, 13);
}

TEST(Csv, LabelCellsAreSplitTrimmedAndEmptiesDropped) {
  std::vector<Document> docs = ParseOk(
      "text,labels\n"
      "t,\" a || b |a| \"\n"
      "t,\"  \"\n",
      "l.csv");
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].labels, (Labels{"a", "b"}));
  EXPECT_EQ(docs[1].labels, Labels{});

  DataOptions o;
  o.label_separator = ";";
  docs = ParseOk("text,labels\nt,a|b;c\n", "l.csv", o);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].labels, (Labels{"a|b", "c"}));
  o.label_separator = "";  // no splitting
  docs = ParseOk("text,labels\nt,a|b;c\n", "l.csv", o);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].labels, (Labels{"a|b;c"}));
}

TEST(Csv, HeaderNamesAreTrimmedAndColumnsCanBeInAnyOrder) {
  DataOptions o;
  o.text_field = "body";
  o.labels_field = "cat";
  std::vector<Document> docs = ParseOk(" cat , body \nsport,Match report\n", "h.csv", o);
  ASSERT_EQ(docs.size(), 1u);
  ExpectDoc(docs[0], "2", "Match report", {"sport"}, 2);
}

TEST(Csv, CrlfBomBlankLinesAndTrailingEmptyField) {
  std::vector<Document> docs = ParseOk(
      "\xEF\xBB\xBFtext,labels,note\r\n"
      "\r\n"
      "one,a,\r\n"
      "   \r\n"
      "two,b,n\r\n",
      "w.csv");
  ASSERT_EQ(docs.size(), 2u);
  ExpectDoc(docs[0], "3", "one", {"a"}, 3);
  ExpectDoc(docs[1], "5", "two", {"b"}, 5);
}

TEST(Csv, MissingColumns) {
  EXPECT_EQ(ParseErr("body,labels\nx,y\n", "d.csv", DataOptions(), StatusCode::kInvalidArgument),
            "d.csv:1: no column 'text' in the header (columns: body, labels)");
  EXPECT_EQ(ParseErr("\n\ntext,topic\nx,y\n", "d.csv"),
            "d.csv:3: no column 'labels' in the header (columns: text, topic)");
  EXPECT_EQ(ParseErr("text,text,labels\nx,y,z\n", "d.csv"),
            "d.csv:1: column 'text' appears twice in the header");
  DataOptions o;
  o.require_labels = false;
  std::vector<Document> docs = ParseOk("text\nonly text\n", "d.csv", o);
  ASSERT_EQ(docs.size(), 1u);
  ExpectDoc(docs[0], "2", "only text", {}, 2);
}

TEST(Csv, WrongFieldCount) {
  EXPECT_EQ(ParseErr("text,labels\na,b\na,b,c\n", "d.csv", DataOptions(), StatusCode::kDataLoss),
            "d.csv:3: expected 2 fields (as in the header), got 3");
  EXPECT_EQ(ParseErr("text,labels\n\"multi\nline\",b\nonly one\n", "d.csv"),
            "d.csv:4: expected 2 fields (as in the header), got 1");
}

TEST(Csv, QuoteErrors) {
  EXPECT_EQ(ParseErr("text,labels\na,b\n\"never closed,b\nmore\n", "d.csv", DataOptions(),
                     StatusCode::kDataLoss),
            "d.csv:3: a quoted field is never closed (missing '\"')");
  EXPECT_EQ(ParseErr("text,labels\n\"multi\nline\"x,b\n", "d.csv"),
            "d.csv:3: unexpected character after a closing quote (a quote inside a quoted "
            "field is written \"\")");
}

TEST(Csv, InvalidUtf8) {
  EXPECT_EQ(
      ParseErr("text,labels\nok,a\ncaf\xE9,a\n", "u.csv", DataOptions(), StatusCode::kDataLoss),
      "u.csv:3: text is not valid UTF-8 (byte offset 3)");
  EXPECT_EQ(ParseErr("text,labels\nok,a|\xED\xA0\x80\n", "u.csv"),
            "u.csv:2: label is not valid UTF-8 (byte offset 0)");
  EXPECT_EQ(ParseErr("text,labels,id\nok,a,\xF8x\n", "u.csv"),
            "u.csv:2: id is not valid UTF-8 (byte offset 0)");
}

TEST(Csv, HeaderOnlyHasNoDocuments) {
  EXPECT_EQ(ParseErr("text,labels\n", "d.csv", DataOptions(), StatusCode::kInvalidArgument),
            "d.csv: no documents");
}

// ---- TSV -----------------------------------------------------------------------------------

TEST(Tsv, ReadsTabSeparatedFieldsWithoutQuoting) {
  std::vector<Document> docs = ParseOk(
      "id\ttext\tlabels\r\n"
      "a\t\"quoted\" stays, commas too\tx|y\r\n"
      "\r\n"
      "b\tsecond\t\r\n",
      "d.tsv");
  ASSERT_EQ(docs.size(), 2u);
  ExpectDoc(docs[0], "a", "\"quoted\" stays, commas too", {"x", "y"}, 2);
  ExpectDoc(docs[1], "b", "second", {}, 4);
}

TEST(Tsv, Errors) {
  EXPECT_EQ(ParseErr("text\tlabels\na\tb\tc\n", "d.tsv", DataOptions(), StatusCode::kDataLoss),
            "d.tsv:2: expected 2 fields (as in the header), got 3");
  EXPECT_EQ(ParseErr("text\tlabels\nno tab\n", "d.tsv"),
            "d.tsv:2: expected 2 fields (as in the header), got 1");
  EXPECT_EQ(ParseErr("body\tlabels\nx\ty\n", "d.tsv"),
            "d.tsv:1: no column 'text' in the header (columns: body, labels)");
  EXPECT_EQ(ParseErr("text\tlabels\n\xC3(\ta\n", "d.tsv"),
            "d.tsv:2: text is not valid UTF-8 (byte offset 0)");
  EXPECT_EQ(ParseErr("text\tlabels\n", "d.tsv"), "d.tsv: no documents");
}

// ---- fastText ------------------------------------------------------------------------------

TEST(FastText, LabelsThenText) {
  std::vector<Document> docs = ParseOk(
      "__label__diplomacy __label__un Talks in Geneva  \n"
      "\n"
      "Just text, no labels\r\n"
      "  __label__a\t__label__a  text with __label__b inside\n",
      "d.txt");
  ASSERT_EQ(docs.size(), 3u);
  ExpectDoc(docs[0], "1", "Talks in Geneva", {"diplomacy", "un"}, 1);
  ExpectDoc(docs[1], "3", "Just text, no labels", {}, 3);
  ExpectDoc(docs[2], "4", "text with __label__b inside", {"a"}, 4);
}

TEST(FastText, CustomPrefix) {
  DataOptions o;
  o.format = DataFormat::kFastText;
  o.fasttext_prefix = "#";
  std::vector<Document> docs = ParseOk("#a #b text\n", "stdin", o);
  ASSERT_EQ(docs.size(), 1u);
  ExpectDoc(docs[0], "1", "text", {"a", "b"}, 1);
  o.fasttext_prefix = "";
  EXPECT_EQ(ParseErr("#a text\n", "d", o, StatusCode::kInvalidArgument),
            "the fastText label prefix must not be empty");
}

TEST(FastText, Errors) {
  EXPECT_EQ(ParseErr("__label__a text\n__label__a __label__b\n", "d.ft", DataOptions(),
                     StatusCode::kInvalidArgument),
            "d.ft:2: no text after the labels");
  EXPECT_EQ(ParseErr("__label__a text\n__label__ text\n", "d.ft"),
            "d.ft:2: empty label ('__label__' followed by nothing)");
  EXPECT_EQ(
      ParseErr("__label__a caf\xC3\xA9 \xE2\x82\n", "d.ft", DataOptions(), StatusCode::kDataLoss),
      "d.ft:1: text is not valid UTF-8 (byte offset 6)");
  EXPECT_EQ(ParseErr("__label__\xFF text\n", "d.ft"),
            "d.ft:1: label is not valid UTF-8 (byte offset 0)");
}

// ---- format detection ----------------------------------------------------------------------

TEST(AutoFormat, ByExtension) {
  const std::string jsonl = "{\"text\": \"t\", \"labels\": [\"a\"]}\n";
  for (const char* name : {"a.jsonl", "a.json", "a.ndjson", "dir/A.JSONL"}) {
    EXPECT_EQ(ParseOk(jsonl, name).size(), 1u) << name;
  }
  EXPECT_EQ(ParseOk("text,labels\nt,a\n", "x.csv")[0].labels, (Labels{"a"}));
  EXPECT_EQ(ParseOk("text\tlabels\nt\ta\n", "x.tsv")[0].labels, (Labels{"a"}));
  for (const char* name : {"a.txt", "a.ft", "a.fasttext"}) {
    EXPECT_EQ(ParseOk("__label__a t\n", name)[0].labels, (Labels{"a"})) << name;
  }
  // The extension wins over the content.
  EXPECT_EQ(ParseErr("{\"text\": \"t\"}\n", "x.csv"),
            "x.csv:1: no column 'text' in the header (columns: {\"text\": \"t\"})");
}

TEST(AutoFormat, SniffsUnknownExtensions) {
  std::vector<Document> docs =
      ParseOk("\n  {\"text\": \"t\", \"labels\": [\"a\"]}\n", "data.v2/file");
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].line, 2);
  docs = ParseOk("\xEF\xBB\xBF__label__a t\n", "<stdin>");
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].labels, (Labels{"a"}));
  EXPECT_EQ(ParseErr("text,labels\nt,a\n", "data.dat", DataOptions(), StatusCode::kInvalidArgument),
            "data.dat: cannot tell the data format from the file name or the first line; pass "
            "--format (jsonl, csv, tsv or fasttext)");
}

TEST(AutoFormat, EmptyInputs) {
  EXPECT_EQ(ParseErr("", "a.jsonl", DataOptions(), StatusCode::kInvalidArgument),
            "a.jsonl: no documents");
  EXPECT_EQ(ParseErr("\xEF\xBB\xBF\n  \r\n", "a.jsonl"), "a.jsonl: no documents");
  EXPECT_EQ(ParseErr("", "noext"), "noext: no documents");
  EXPECT_EQ(ParseErr("\n\n", "a.txt"), "a.txt: no documents");
  EXPECT_EQ(ParseErr("", "a.csv"), "a.csv: no documents");
}

TEST(AutoFormat, GzipIsRecognised) {
  EXPECT_EQ(ParseErr(std::string("\x1f\x8b\x08\x00", 4), "train.jsonl.gz", DataOptions(),
                     StatusCode::kInvalidArgument),
            "train.jsonl.gz: the file is gzip-compressed; decompress it first (gunzip -k)");
}

TEST(Options, EmptyTextFieldIsRejected) {
  DataOptions o;
  o.text_field = "";
  EXPECT_EQ(ParseErr("{}", "a.jsonl", o, StatusCode::kInvalidArgument),
            "the text field name must not be empty");
}

// ---- files ---------------------------------------------------------------------------------

class DatasetFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string base = ::testing::TempDir();
    if (!base.empty() && base.back() != '/') base += '/';
#if defined(__unix__) || defined(__APPLE__)
    const std::string pid = std::to_string(getpid());
#else
    const std::string pid = "0";
#endif
    dir_ = base + "topica_dataset_test_" + pid + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    ASSERT_TRUE(std::filesystem::create_directories(dir_, ec)) << dir_ << ": " << ec.message();
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = dir_ + "/" + name;
    std::ofstream out(path, std::ios::binary);
    out << content;
    return path;
  }

  std::string dir_;
};

TEST_F(DatasetFiles, EachFormatMatchesParseDataset) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"a.jsonl",
       "{\"text\": \"one\", \"labels\": [\"x\"]}\r\n{\"text\": \"two\", \"labels\": []}\n"},
      {"a.csv", "\xEF\xBB\xBFtext,labels\n\"multi\nline\",x|y\nplain,z\n"},
      {"a.tsv", "text\tlabels\none\tx\ntwo\ty\n"},
      {"a.txt", "__label__x one\n__label__y two\n"},
      {"sniffed", "{\"text\": \"one\", \"labels\": \"x\"}\n"},
  };
  for (const auto& [name, content] : files) {
    const std::string path = Write(name, content);
    Result<std::vector<Document>> read = ReadDataset(path, DataOptions());
    ASSERT_TRUE(read.ok()) << read.status().message();
    ExpectSameDocs(ParseOk(content, name), *read);
  }
}

TEST_F(DatasetFiles, ErrorsNameThePathAsGiven) {
  const std::string path =
      Write("bad.jsonl", "{\"text\": \"ok\", \"labels\": []}\n{\"labels\": []}\n");
  Result<std::vector<Document>> r = ReadDataset(path, DataOptions());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), path + ":2: record has no 'text' string");
}

TEST_F(DatasetFiles, EmptyFile) {
  const std::string path = Write("empty.jsonl", "");
  Result<std::vector<Document>> r = ReadDataset(path, DataOptions());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), path + ": no documents");
}

TEST_F(DatasetFiles, MissingFile) {
  const std::string path = dir_ + "/nope.jsonl";
  Result<std::vector<Document>> r = ReadDataset(path, DataOptions());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), path + ": cannot open: No such file or directory");
}

#ifdef __linux__
TEST_F(DatasetFiles, DirectoryIsAReadError) {
  Result<std::vector<Document>> r = ReadDataset(dir_, DataOptions());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIoError);
  EXPECT_EQ(r.status().message(), dir_ + ": cannot read: Is a directory");
}
#endif

TEST_F(DatasetFiles, LargeFile) {
  std::string content;
  for (int i = 0; i < 20000; ++i) {
    content += "{\"id\": " + std::to_string(i) + ", \"text\": \"document number " +
               std::to_string(i) + " with some words\", \"labels\": [\"l" + std::to_string(i % 7) +
               "\"]}\n";
  }
  const std::string path = Write("large.jsonl", content);
  Result<std::vector<Document>> r = ReadDataset(path, DataOptions());
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 20000u);
  ExpectDoc((*r)[19999], "19999", "document number 19999 with some words", {"l0"}, 20000);
}

// Runs last in this binary's file order; it replaces the process's stdin.
TEST_F(DatasetFiles, DashReadsStandardInput) {
  const std::string path = Write("stdin.data", "__label__a from stdin\n");
  ASSERT_NE(std::freopen(path.c_str(), "rb", stdin), nullptr);
  Result<std::vector<Document>> r = ReadDataset("-", DataOptions());
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 1u);
  ExpectDoc((*r)[0], "1", "from stdin", {"a"}, 1);

  ASSERT_NE(std::freopen(path.c_str(), "rb", stdin), nullptr);
  DataOptions o;
  o.format = DataFormat::kCsv;
  r = ReadDataset("-", o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "<stdin>:1: no column 'text' in the header (columns: __label__a from stdin)");
}

}  // namespace
}  // namespace topica
