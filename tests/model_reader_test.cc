// ParseModel: a valid fixture loads; every malformed or hostile variant is rejected with a
// message naming the JSON path.
#include <functional>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "model.h"
#include "test_util.h"
#include "topica/classifier.h"

namespace topica::internal {
namespace {

using nlohmann::json;

json Tiny() { return json::parse(testing::ReadFixture("tiny_model.json")); }

// Applies `edit` to the tiny model and expects loading to fail with `code` and a message
// containing `fragment`.
void ExpectRejected(const std::function<void(json&)>& edit, StatusCode code,
                    const std::string& fragment) {
  json j = Tiny();
  edit(j);
  Result<Classifier> c = Classifier::FromJson(j.dump());
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
  EXPECT_NE(c.status().message().find("nested deeper"), std::string::npos) << c.status().message();
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
