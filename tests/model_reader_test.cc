// ParseModel: a valid fixture loads; every malformed or hostile variant is rejected with a
// message naming the JSON path.
#include <algorithm>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "model.h"
#include "test_util.h"
#include "topica/classifier.h"

namespace topica::internal {
namespace {

using nlohmann::json;

json Tiny() { return json::parse(testing::ReadFixture("tiny_model.json")); }

// Feeds a text to ParseModel(ModelByteSource&) `chunk` bytes per Read, optionally failing
// after `fail_after` bytes, and claiming `size_hint` as the size.
class ChunkSource : public ModelByteSource {
 public:
  ChunkSource(std::string text, size_t chunk, int64_t size_hint = -1, size_t fail_after = SIZE_MAX)
      : text_(std::move(text)), chunk_(chunk), hint_(size_hint), fail_after_(fail_after) {}
  int64_t Read(char* buffer, size_t capacity) override {
    if (pos_ >= fail_after_) return -1;
    const size_t n = std::min({capacity, chunk_, text_.size() - pos_, fail_after_ - pos_});
    std::memcpy(buffer, text_.data() + pos_, n);
    pos_ += n;
    return static_cast<int64_t>(n);
  }
  int64_t SizeHint() const override { return hint_; }

 private:
  std::string text_;
  size_t chunk_;
  int64_t hint_;
  size_t fail_after_;
  size_t pos_ = 0;
};

template <typename T>
bool SameBits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

// Every field, floats compared bit for bit.
void ExpectSameModel(const ModelData& a, const ModelData& b) {
  EXPECT_EQ(a.producer, b.producer);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.task, b.task);
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_EQ(a.tokenizer.lowercase, b.tokenizer.lowercase);
  EXPECT_EQ(a.tokenizer.strip_accents, b.tokenizer.strip_accents);
  EXPECT_EQ(a.tokenizer.unspaced_bigrams, b.tokenizer.unspaced_bigrams);
  EXPECT_EQ(a.unicode_version, b.unicode_version);
  EXPECT_EQ(a.features.word_ngram_min, b.features.word_ngram_min);
  EXPECT_EQ(a.features.word_ngram_max, b.features.word_ngram_max);
  EXPECT_EQ(a.features.char_ngram_min, b.features.char_ngram_min);
  EXPECT_EQ(a.features.char_ngram_max, b.features.char_ngram_max);
  EXPECT_EQ(a.features.mapping, b.features.mapping);
  EXPECT_EQ(a.features.hash_buckets, b.features.hash_buckets);
  EXPECT_EQ(a.features.sublinear_tf, b.features.sublinear_tf);
  EXPECT_EQ(a.terms, b.terms);
  EXPECT_EQ(a.buckets, b.buckets);
  EXPECT_TRUE(SameBits(a.idf, b.idf));
  EXPECT_EQ(a.col_ptr, b.col_ptr);
  EXPECT_EQ(a.row_idx, b.row_idx);
  EXPECT_TRUE(SameBits(a.values, b.values));
  EXPECT_TRUE(SameBits(a.bias, b.bias));
  EXPECT_EQ(a.calibration.method, b.calibration.method);
  EXPECT_TRUE(SameBits(a.calibration.a, b.calibration.a));
  EXPECT_TRUE(SameBits(a.calibration.b, b.calibration.b));
  EXPECT_EQ(std::memcmp(&a.calibration.temperature, &b.calibration.temperature, sizeof(float)), 0);
  EXPECT_TRUE(SameBits(a.thresholds, b.thresholds));
  EXPECT_EQ(a.training_json, b.training_json);
  ASSERT_EQ(a.self_test.size(), b.self_test.size());
  for (size_t i = 0; i < a.self_test.size(); ++i) {
    EXPECT_EQ(a.self_test[i].text, b.self_test[i].text);
    EXPECT_TRUE(SameBits(a.self_test[i].raw, b.self_test[i].raw));
  }
}

// A model read with interleave_weights, its weights moved into row_idx and values.
ModelData Separated(ModelData m) {
  EXPECT_TRUE(m.interleaved.used);
  EXPECT_TRUE(m.row_idx.empty() && m.values.empty());
  EXPECT_EQ(m.interleaved.rows, m.interleaved.values);
  EXPECT_GE(m.interleaved.words.size(), 2 * m.interleaved.rows);
  for (size_t k = 0; k < m.interleaved.rows; ++k) {
    m.row_idx.push_back(m.interleaved.words[2 * k].label);
    m.values.push_back(m.interleaved.words[2 * k + 1].value);
  }
  m.interleaved = InterleavedWeights();
  return m;
}

// ParseModel with and without interleave_weights read the same model from `text`.
void ExpectSameInterleaved(const std::string& text) {
  Result<ModelData> separate = ParseModel(text);
  Result<ModelData> interleaved = ParseModel(text, ClassifierReadOptions());
  ASSERT_TRUE(separate.ok()) << separate.status().message();
  ASSERT_TRUE(interleaved.ok()) << interleaved.status().message();
  EXPECT_FALSE(separate->interleaved.used);
  ExpectSameModel(Separated(std::move(interleaved).value()), *separate);
}

// The tiny model with weights' keys in the given order (a json object's dump sorts them).
std::string WithWeightsOrder(json j, const std::vector<std::string>& order) {
  nlohmann::ordered_json w;
  for (const std::string& k : order) w[k] = j["weights"][k];
  j.erase("weights");
  std::string text = j.dump();
  text.pop_back();  // the closing brace
  return text + ",\"weights\":" + w.dump() + "}";
}

// Applies `edit` to the tiny model and expects loading to fail with `code` and a message
// containing `fragment`.
void ExpectRejected(const std::function<void(json&)>& edit, StatusCode code,
                    const std::string& fragment) {
  json j = Tiny();
  edit(j);
  const std::string text = j.dump();
  // The classifier's interleaved weights: the same checks and first error as separate arrays.
  Result<ModelData> separate = ParseModel(text);
  Result<ModelData> interleaved = ParseModel(text, ClassifierReadOptions());
  EXPECT_EQ(separate.ok(), interleaved.ok()) << fragment;
  if (!separate.ok() && !interleaved.ok()) {
    EXPECT_EQ(separate.status().code(), interleaved.status().code());
    EXPECT_EQ(separate.status().message(), interleaved.status().message());
  }
  Result<Classifier> c = Classifier::FromJson(text);
  ASSERT_FALSE(c.ok()) << "accepted: " << fragment;
  EXPECT_EQ(c.status().code(), code) << c.status().message();
  EXPECT_NE(c.status().message().find(fragment), std::string::npos)
      << "message: " << c.status().message() << "\nexpected to contain: " << fragment;
}

TEST(ModelReader, TinyFixtureLoads) {
  Result<ModelData> m = ParseModel(testing::ReadFixture("tiny_model.json"));
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->labels, (std::vector<std::string>{"military", "sanctions"}));
  EXPECT_EQ(m->task, Task::kMultiLabel);
  EXPECT_EQ(m->num_features(), 4);
  EXPECT_EQ(m->features.word_ngram_max, 1);
  EXPECT_EQ(m->values.size(), 4u);
  EXPECT_EQ(m->self_test.size(), 2u);
}

TEST(ModelReader, RejectsNonJson) {
  Result<Classifier> c = Classifier::FromJson("{\"format\": ");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(c.status().message().find("not valid JSON"), std::string::npos) << c.status().message();
  EXPECT_FALSE(Classifier::FromJson("").ok());
  EXPECT_FALSE(Classifier::FromJson("[1,2,3]").ok());
  EXPECT_FALSE(Classifier::FromJson("\xff\xfe").ok());
}

TEST(ModelReader, RejectsDeepNesting) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  Result<Classifier> c = Classifier::FromJson(deep);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("nested deeper than 32 levels (byte 32)"), std::string::npos)
      << c.status().message();
  // Deep inside a valid model, and inside a streamed array: 32 levels are fine, 33 are not.
  auto nest = [](int levels) {
    std::string s = "1";
    for (int i = 0; i < levels; ++i) s = "{\"a\":" + s + "}";
    return s;
  };
  std::string text = Tiny().dump();
  text.insert(1, "\"extra\":" + nest(31) + ",");  // 31 + the model's own object
  EXPECT_TRUE(ParseModel(text).ok()) << ParseModel(text).status().message();
  text = Tiny().dump();
  text.insert(1, "\"extra\":" + nest(32) + ",");
  EXPECT_NE(ParseModel(text).status().message().find("nested deeper"), std::string::npos);
  text = Tiny().dump();
  const std::string values = "\"values\":[";
  text.insert(text.find(values) + values.size(), std::string(40, '[') + std::string(40, ']') + ",");
  EXPECT_NE(ParseModel(text).status().message().find("nested deeper"), std::string::npos)
      << ParseModel(text).status().message();
}

TEST(ModelReader, SyntaxErrorsGiveLineAndColumn) {
  std::string text = testing::ReadFixture("tiny_model.json");
  text.replace(text.find("[2, 3, 2, 2]"), 12, "[2, 3, 2 2]");
  Result<ModelData> m = ParseModel(text);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(m.status().message().find("model: not valid JSON: parse error at line 18, column "),
            std::string::npos)
      << m.status().message();
  EXPECT_EQ(ParseModel("[1,2,3]").status().message(), "model: expected a JSON object, got array");
  EXPECT_EQ(ParseModel(" 7 ").status().message(), "model: expected a JSON object, got number");
  EXPECT_EQ(ParseModel("").status().message(), "model: empty input (0 bytes)");
}

TEST(ModelReader, TruncatedInsideABigArray) {
  const std::string text = Tiny().dump();
  const size_t cut = text.find("\"row_idx\":[") + 13;
  for (const std::string& t : {text.substr(0, cut), text.substr(0, text.find("\"army\",") + 7)}) {
    Result<ModelData> m = ParseModel(t);
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.status().message().find("not valid JSON: parse error at line 1, column "),
              std::string::npos)
        << m.status().message();
    EXPECT_NE(m.status().message().find("unexpected end of input"), std::string::npos)
        << m.status().message();
  }
}

TEST(ModelReader, RejectsOtherFormatsAndNewerVersions) {
  ExpectRejected([](json& j) { j.erase("format"); }, StatusCode::kDataLoss, "not a topica model");
  ExpectRejected([](json& j) { j["format"] = "fasttext"; }, StatusCode::kUnimplemented,
                 "unknown model format 'fasttext'");
  ExpectRejected([](json& j) { j["format_version"] = 2; }, StatusCode::kUnimplemented,
                 "newer than this topica reads");
  ExpectRejected([](json& j) { j["format_version"] = 0; }, StatusCode::kDataLoss, "model.format_version");
  ExpectRejected([](json& j) { j["format_version"] = "1"; }, StatusCode::kDataLoss, "model.format_version");
}

TEST(ModelReader, RejectsBadHeaderAndLabels) {
  ExpectRejected([](json& j) { j["task"] = "regression"; }, StatusCode::kDataLoss, "model.task");
  ExpectRejected([](json& j) { j.erase("labels"); }, StatusCode::kDataLoss, "model.labels: missing");
  ExpectRejected([](json& j) { j["labels"] = json::array(); }, StatusCode::kDataLoss, "model.labels");
  ExpectRejected([](json& j) { j["labels"][1] = 7; }, StatusCode::kDataLoss, "model.labels[1]");
  ExpectRejected([](json& j) { j["labels"][1] = "military"; }, StatusCode::kDataLoss, "duplicate label");
  ExpectRejected([](json& j) { j["labels"][0] = ""; }, StatusCode::kDataLoss, "empty label");
}

TEST(ModelReader, RejectsBadSettings) {
  ExpectRejected([](json& j) { j["tokenizer"]["lowercase"] = 1; }, StatusCode::kDataLoss,
                 "model.tokenizer.lowercase");
  ExpectRejected([](json& j) { j["features"]["word_ngrams"] = {2, 1}; }, StatusCode::kDataLoss,
                 "model.features.word_ngrams");
  ExpectRejected([](json& j) { j["features"]["word_ngrams"] = {1, 99}; }, StatusCode::kDataLoss,
                 "model.features.word_ngrams[1]");
  ExpectRejected([](json& j) { j["features"]["word_ngrams"] = {0, 0}; }, StatusCode::kDataLoss,
                 "neither word_ngrams nor char_ngrams");
  ExpectRejected([](json& j) { j["features"]["norm"] = "l1"; }, StatusCode::kDataLoss, "model.features.norm");
  ExpectRejected([](json& j) { j["features"]["mapping"] = "bloom"; }, StatusCode::kDataLoss,
                 "model.features.mapping");
  ExpectRejected([](json& j) { j["features"]["mapping"] = "hashing"; }, StatusCode::kDataLoss,
                 "model.features.hash_buckets: missing");
  ExpectRejected(
      [](json& j) {
        j["features"]["mapping"] = "hashing";
        j["features"]["hash_buckets"] = 4294967296ULL;
      },
      StatusCode::kDataLoss, "model.features.hash_buckets");
}

TEST(ModelReader, RejectsBadFeatures) {
  ExpectRejected([](json& j) { j["features"]["terms"] = {"embargo", "army", "sanctions", "troops"}; },
                 StatusCode::kDataLoss, "sorted and unique");
  ExpectRejected([](json& j) { j["features"]["terms"][3] = "sanctions"; }, StatusCode::kDataLoss,
                 "sorted and unique");
  ExpectRejected([](json& j) { j["features"]["idf"].erase(3); }, StatusCode::kDataLoss,
                 "model.features.idf: expected 4 entries");
  ExpectRejected([](json& j) { j["features"]["idf"][2] = -1.0; }, StatusCode::kDataLoss,
                 "model.features.idf[2]");
  ExpectRejected([](json& j) { j["features"]["idf"][2] = "x"; }, StatusCode::kDataLoss,
                 "model.features.idf[2]: expected a number");
}

TEST(ModelReader, RejectsBadWeights) {
  ExpectRejected([](json& j) { j["weights"]["rows"] = 3; }, StatusCode::kDataLoss,
                 "model.weights.rows: expected 2 (labels), got 3");
  ExpectRejected([](json& j) { j["weights"]["cols"] = 2000000000; }, StatusCode::kDataLoss,
                 "model.weights.cols: expected 4");
  ExpectRejected([](json& j) { j["weights"]["col_counts"] = {1, 1, 1}; }, StatusCode::kDataLoss,
                 "model.weights.col_counts: expected 4 entries (features), got 3");
  ExpectRejected([](json& j) { j["weights"]["col_counts"] = {1, 1, 1, 2}; }, StatusCode::kDataLoss,
                 "model.weights.col_counts: the counts add up to more than 4, but there are 4 stored weights");
  ExpectRejected([](json& j) { j["weights"]["col_counts"] = {1, 1, 1, 0}; }, StatusCode::kDataLoss,
                 "model.weights.col_counts: the counts add up to 3, but there are 4 stored weights");
  ExpectRejected([](json& j) { j["weights"]["col_counts"] = {1, 1, 1, 3}; }, StatusCode::kDataLoss,
                 "model.weights.col_counts[3]: expected an integer in [0, 2], got 3");
  ExpectRejected([](json& j) { j["weights"]["col_counts"] = {1, 2, 0, 1}; }, StatusCode::kDataLoss,
                 "label indices within a column must be ascending");
  ExpectRejected([](json& j) { j["weights"]["col_counts"] = {1, 1, -1, 3}; }, StatusCode::kDataLoss,
                 "model.weights.col_counts[2]");
  ExpectRejected([](json& j) { j["weights"]["scale"] = 0; }, StatusCode::kDataLoss,
                 "model.weights.scale: expected a number > 0");
  ExpectRejected([](json& j) { j["weights"]["scale"] = 3e38; }, StatusCode::kDataLoss,
                 "model.weights.values[0]: times the scale, not a finite 32-bit float");
  ExpectRejected([](json& j) { j["weights"]["row_idx"][1] = 2; }, StatusCode::kDataLoss,
                 "model.weights.row_idx[1]");
  ExpectRejected([](json& j) { j["weights"]["row_idx"][1] = -1; }, StatusCode::kDataLoss,
                 "model.weights.row_idx[1]");
  ExpectRejected([](json& j) { j["weights"]["values"].erase(0); }, StatusCode::kDataLoss,
                 "model.weights.values");
  ExpectRejected([](json& j) { j["bias"] = {0.5}; }, StatusCode::kDataLoss, "model.bias: expected 2 entries");
}

TEST(ModelReader, RejectsNonFiniteNumbers) {
  std::string text = Tiny().dump();
  const std::string needle = "\"bias\":[-1,-1]";
  ASSERT_NE(text.find(needle), std::string::npos);
  text.replace(text.find(needle), needle.size(), "\"bias\":[-1,1e999]");
  Result<Classifier> c = Classifier::FromJson(text);
  ASSERT_FALSE(c.ok());
  // The JSON parser refuses numbers beyond double range; NaN and Infinity are not JSON.
  EXPECT_NE(c.status().message().find("number overflow parsing '1e999'"), std::string::npos)
      << c.status().message();
  // Finite in double but not in float is refused by the reader.
  text.replace(text.find("1e999"), 5, "1e300");
  c = Classifier::FromJson(text);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("model.bias[1]: expected a finite number"), std::string::npos)
      << c.status().message();
}

TEST(ModelReader, RejectsWrongElementsInStreamedArrays) {
  // Wrong types anywhere in the arrays that are streamed rather than kept as a DOM.
  ExpectRejected([](json& j) { j["weights"]["values"][3] = "x"; }, StatusCode::kDataLoss,
                 "model.weights.values[3]: expected a number, got string");
  ExpectRejected([](json& j) { j["weights"]["values"][2] = json::array({1}); }, StatusCode::kDataLoss,
                 "model.weights.values[2]: expected a number, got array");
  ExpectRejected([](json& j) { j["weights"]["values"][1] = nullptr; }, StatusCode::kDataLoss,
                 "model.weights.values[1]: expected a number, got null");
  ExpectRejected([](json& j) { j["weights"]["values"][1] = 1e300; }, StatusCode::kDataLoss,
                 "model.weights.values[1]: expected a finite number, got 1000000");
  ExpectRejected([](json& j) { j["weights"]["row_idx"][2] = 1.5; }, StatusCode::kDataLoss,
                 "model.weights.row_idx[2]: expected an integer, got a fraction");
  ExpectRejected([](json& j) { j["weights"]["row_idx"][2] = 5000000000ULL; }, StatusCode::kDataLoss,
                 "model.weights.row_idx[2]: expected an integer in [0, 1], got 5000000000");
  ExpectRejected([](json& j) { j["weights"]["row_idx"][2] = -5000000000LL; }, StatusCode::kDataLoss,
                 "model.weights.row_idx[2]: expected an integer in [0, 1], got -5000000000");
  ExpectRejected([](json& j) { j["weights"]["col_counts"][0] = true; }, StatusCode::kDataLoss,
                 "model.weights.col_counts[0]: expected an integer, got boolean");
  ExpectRejected([](json& j) { j["weights"]["col_counts"][1] = json::object(); }, StatusCode::kDataLoss,
                 "model.weights.col_counts[1]: expected an integer, got object");
  ExpectRejected([](json& j) { j["features"]["terms"][2] = 3; }, StatusCode::kDataLoss,
                 "model.features.terms[2]: expected a string, got number");
  ExpectRejected([](json& j) { j["features"]["idf"][3] = json::array(); }, StatusCode::kDataLoss,
                 "model.features.idf[3]: expected a number, got array");
  ExpectRejected([](json& j) { j["weights"]["values"] = 5; }, StatusCode::kDataLoss,
                 "model.weights.values: expected an array, got number");
  ExpectRejected([](json& j) { j["features"].erase("idf"); }, StatusCode::kDataLoss,
                 "model.features.idf: missing");
  ExpectRejected([](json& j) { j["weights"]["row_idx"] = {0, 1, 1}; }, StatusCode::kDataLoss,
                 "model.weights.col_counts: the counts add up to more than 3, but there are 3 stored weights");
  ExpectRejected([](json& j) { j["weights"]["values"].push_back(1); }, StatusCode::kDataLoss,
                 "model.weights.values: expected 4 entries (as row_idx), got 5");
  // The first error in reading order wins, wherever it is in the file.
  ExpectRejected(
      [](json& j) {
        j["weights"]["values"][0] = "x";
        j["format"] = "other";
      },
      StatusCode::kUnimplemented, "unknown model format 'other'");
  ExpectRejected(
      [](json& j) {
        j["weights"]["values"][0] = "x";
        j["weights"]["row_idx"][3] = 9;
      },
      StatusCode::kDataLoss, "model.weights.row_idx[3]");
  // A hashing model's buckets are range-checked against hash_buckets, wherever that comes.
  ExpectRejected(
      [](json& j) {
        j["features"]["mapping"] = "hashing";
        j["features"]["hash_buckets"] = 100;
        j["features"].erase("terms");
        j["features"]["buckets"] = {3, 10, 11, 100};
      },
      StatusCode::kDataLoss, "model.features.buckets[3]: expected an integer in [0, 99], got 100");
}

TEST(ModelReader, ScaleMayFollowTheValues) {
  json j = Tiny();
  j["weights"]["scale"] = 0.5;
  j["weights"]["values"] = {4, 6, 4, 4};
  Result<ModelData> first = ParseModel(WithWeightsOrder(j, {"rows", "cols", "col_counts", "row_idx", "scale", "values"}));
  ASSERT_TRUE(first.ok()) << first.status().message();
  for (const auto& order : std::vector<std::vector<std::string>>{
           {"values", "scale", "row_idx", "col_counts", "cols", "rows"},
           {"rows", "values", "cols", "row_idx", "scale", "col_counts"}}) {
    Result<ModelData> m = ParseModel(WithWeightsOrder(j, order));
    ASSERT_TRUE(m.ok()) << m.status().message();
    ExpectSameModel(*m, *first);
  }
  EXPECT_EQ(first->values, (std::vector<float>{2, 3, 2, 2}));
  // Out of float range once scaled, with the scale after the values.
  j["weights"]["scale"] = 1e38;
  Result<ModelData> m = ParseModel(WithWeightsOrder(j, {"values", "scale", "rows", "cols", "col_counts", "row_idx"}));
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("model.weights.values[0]: times the scale, not a finite 32-bit float"),
            std::string::npos)
      << m.status().message();
}

TEST(ModelReader, RepeatedKeysLastOneWins) {
  const std::string good = Tiny().dump();
  // An earlier "values" (or whole "weights") is replaced by the later one, as in a DOM.
  std::string text = good;
  text.insert(text.find("\"values\":["), "\"values\":[\"junk\",9],");
  Result<ModelData> m = ParseModel(text);
  ASSERT_TRUE(m.ok()) << m.status().message();
  ExpectSameModel(*m, *ParseModel(good));
  text = good;
  text.insert(text.find("\"weights\":{"), "\"weights\":{\"values\":[1],\"scale\":7},");
  m = ParseModel(text);
  ASSERT_TRUE(m.ok()) << m.status().message();
  ExpectSameModel(*m, *ParseModel(good));
  // The later "values" is not an array: that is what is checked.
  text = good;
  const std::string values = "\"values\":[2,3,2,2]";
  text.insert(text.find("\"weights\":{") + 11, values + ",");
  text.replace(text.rfind(values), values.size(), "\"values\":\"no\"");
  EXPECT_NE(ParseModel(text).status().message().find("model.weights.values: expected an array, got string"),
            std::string::npos)
      << ParseModel(text).status().message();
  // A scale repeated after the values it scaled, with another value, cannot be honoured.
  json j = Tiny();
  j["weights"]["scale"] = 0.5;
  j["weights"]["values"] = {4, 6, 4, 4};
  text = WithWeightsOrder(j, {"rows", "cols", "col_counts", "row_idx", "scale", "values"});
  text.insert(text.size() - 2, ",\"scale\":0.25");  // inside "weights", after "values"
  m = ParseModel(text);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("model.weights.scale: given again after values"), std::string::npos)
      << m.status().message();
}

TEST(ModelReader, InterleavedWeightsAreTheSameNumbers) {
  const std::string good = Tiny().dump();
  ExpectSameInterleaved(good);
  // Whatever order the weights' keys come in, with the scale before or after the values.
  json j = Tiny();
  j["weights"]["scale"] = 0.5;
  j["weights"]["values"] = {4, 6, 4, 4};
  for (const auto& order : std::vector<std::vector<std::string>>{
           {"rows", "cols", "col_counts", "row_idx", "scale", "values"},
           {"values", "scale", "row_idx", "col_counts", "cols", "rows"},
           {"rows", "values", "cols", "row_idx", "scale", "col_counts"},
           {"values", "row_idx", "rows", "cols", "col_counts", "scale"}}) {
    ExpectSameInterleaved(WithWeightsOrder(j, order));
  }
  // Repeated arrays and weights objects: the last one wins.
  std::string text = good;
  text.insert(text.find("\"weights\":{") + 11, "\"values\":[7,8,9,10,11,12],\"row_idx\":[1,1,1,1,1,1],");
  ExpectSameInterleaved(text);
  text = good;
  text.insert(text.find("\"weights\":{"), "\"weights\":{\"row_idx\":[0,0,0,0,0,0,0],\"values\":[1],\"scale\":7},");
  ExpectSameInterleaved(text);
  // From a byte source, in chunks.
  ChunkSource src(good, 7, static_cast<int64_t>(good.size()));
  Result<ModelData> m = ParseModel(src, ClassifierReadOptions());
  ASSERT_TRUE(m.ok()) << m.status().message();
  ExpectSameModel(Separated(std::move(m).value()), *ParseModel(good));
}

TEST(ModelReader, StreamsFromAByteSource) {
  const std::string text = testing::ReadFixture("tiny_model.json");
  Result<ModelData> whole = ParseModel(text);
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  const int64_t size = static_cast<int64_t>(text.size());
  for (size_t chunk : {size_t{1}, size_t{7}, size_t{4096}}) {
    for (int64_t hint : {int64_t{-1}, size, int64_t{10}, size * 1000}) {
      ChunkSource src(text, chunk, hint);
      Result<ModelData> m = ParseModel(src);
      ASSERT_TRUE(m.ok()) << m.status().message();
      ExpectSameModel(*m, *whole);
    }
  }
  ChunkSource failing(text, 64, size, text.size() / 2);
  Result<ModelData> m = ParseModel(failing);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kIoError);
  ChunkSource empty("", 64);
  EXPECT_EQ(ParseModel(empty).status().message(), "model: empty input (0 bytes)");
  ChunkSource deep(std::string(100, '['), 3);
  EXPECT_NE(ParseModel(deep).status().message().find("(byte 32)"), std::string::npos);
}

TEST(ModelReader, HostileCountsReserveNoMoreThanTheInput) {
  // cols (and so the expected number of column counts) is read before col_counts here; the
  // reader must not reserve two billion entries on its word.
  json j = Tiny();
  j["weights"]["cols"] = 2147483646;
  Result<ModelData> m = ParseModel(WithWeightsOrder(j, {"rows", "cols", "col_counts", "row_idx", "values"}));
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("model.weights.cols: expected 4"), std::string::npos)
      << m.status().message();
  j = Tiny();
  j["weights"]["col_counts"] = {2000000000, 2000000000, 2000000000, 2000000000};
  m = ParseModel(WithWeightsOrder(j, {"rows", "cols", "col_counts", "row_idx", "values"}));
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("model.weights.col_counts[0]"), std::string::npos)
      << m.status().message();
}

TEST(ModelReader, RejectsBadDecision) {
  ExpectRejected([](json& j) { j["calibration"]["method"] = "softmax_temperature"; },
                 StatusCode::kDataLoss, "model.calibration.method");
  ExpectRejected([](json& j) { j["calibration"]["a"] = {1}; }, StatusCode::kDataLoss,
                 "model.calibration.a");
  ExpectRejected([](json& j) { j["thresholds"] = {0.5, 1.5}; }, StatusCode::kDataLoss,
                 "model.thresholds[1]");
  ExpectRejected([](json& j) { j.erase("thresholds"); }, StatusCode::kDataLoss, "model.thresholds: missing");
  ExpectRejected(
      [](json& j) {
        j["task"] = "multiclass";
        j["calibration"] = {{"method", "softmax_temperature"}, {"temperature", 1.0}};
      },
      StatusCode::kDataLoss, "model.thresholds: not allowed");
  ExpectRejected(
      [](json& j) {
        j["task"] = "multiclass";
        j.erase("thresholds");
        j["calibration"] = {{"method", "softmax_temperature"}, {"temperature", 0.0}};
      },
      StatusCode::kDataLoss, "model.calibration.temperature");
}

TEST(ModelReader, RejectsFailedSelfTest) {
  ExpectRejected([](json& j) { j["self_test"][0]["raw"][0] = 1.5; }, StatusCode::kFailedPrecondition,
                 "model.self_test[0]: self-test failed");
  ExpectRejected([](json& j) { j["self_test"][0]["raw"] = {1.0}; }, StatusCode::kDataLoss,
                 "model.self_test[0].raw");
  // A changed weight is caught by the self-test too.
  ExpectRejected([](json& j) { j["weights"]["values"][0] = 2.5; }, StatusCode::kFailedPrecondition,
                 "self-test failed");
}

TEST(ModelReader, ScaledWeightsAreMultiplied) {
  json j = Tiny();
  j["weights"]["scale"] = 0.5;
  j["weights"]["values"] = {4, 6, 4, 4};  // x 0.5 = the fixture's 2, 3, 2, 2
  Result<Classifier> c = Classifier::FromJson(j.dump());  // passes the fixture's self-test
  ASSERT_TRUE(c.ok()) << c.status().message();
}

TEST(ModelReader, HashingModelLoads) {
  json j = Tiny();
  j["features"]["mapping"] = "hashing";
  j["features"]["hash_buckets"] = 1024;
  j["features"].erase("terms");
  j["features"]["buckets"] = {3, 10, 11, 700};
  j.erase("self_test");
  Result<Classifier> c = Classifier::FromJson(j.dump());
  ASSERT_TRUE(c.ok()) << c.status().message();
  j["features"]["buckets"] = {3, 10, 10, 700};
  EXPECT_FALSE(Classifier::FromJson(j.dump()).ok());
  j["features"]["buckets"] = {3, 10, 11, 1024};
  EXPECT_FALSE(Classifier::FromJson(j.dump()).ok());
}

TEST(ModelReader, TruncationsNeverCrash) {
  const std::string text = testing::ReadFixture("tiny_model.json");
  for (size_t n = 0; n < text.size(); n += 7) {
    Result<Classifier> c = Classifier::FromJson(std::string_view(text).substr(0, n));
    EXPECT_FALSE(c.ok()) << "prefix of " << n << " bytes loaded";
  }
}

}  // namespace
}  // namespace topica::internal
