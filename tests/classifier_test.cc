// The public Classifier API on the hand-written tiny model.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "test_util.h"
#include "topica/classifier.h"

namespace topica {
namespace {

Classifier Tiny() {
  Result<Classifier> c = Classifier::FromFile(testing::FixturePath("tiny_model.json"));
  EXPECT_TRUE(c.ok()) << c.status().message();
  return std::move(c).value();
}

double Sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

TEST(Classifier, ScoresAndLabels) {
  const Classifier c = Tiny();
  EXPECT_EQ(c.labels(), (std::vector<std::string>{"military", "sanctions"}));
  EXPECT_EQ(c.task(), Task::kMultiLabel);
  // "Troops": x = [troops: 1] -> military raw = -1 + 2 = 1, sanctions raw = -1.
  const Classification r = c.Classify("Troops!");
  ASSERT_EQ(r.scores.size(), 2u);
  EXPECT_EQ(r.scores[0].label, "military");
  EXPECT_NEAR(r.scores[0].raw, 1.0, 1e-6);
  EXPECT_NEAR(r.scores[0].probability, Sigmoid(1.0), 1e-6);
  EXPECT_NEAR(r.scores[1].raw, -1.0, 1e-6);
  EXPECT_NEAR(r.scores[1].probability, Sigmoid(-1.0), 1e-6);
  EXPECT_EQ(r.labels, (std::vector<std::string>{"military"}));

  // "army embargo" -> x = [1, 2] / sqrt(5): military -1 + 2/sqrt(5) = -0.106 (p < 0.5).
  const Classification one = c.Classify("army embargo");
  EXPECT_NEAR(one.scores[0].raw, -1 + 2 / std::sqrt(5.0), 1e-6);
  EXPECT_NEAR(one.scores[1].raw, -1 + 3 * 2 / std::sqrt(5.0), 1e-6);
  EXPECT_EQ(one.labels, (std::vector<std::string>{"sanctions"}));
  // "army troops embargo" -> x = [1, 2, 0, 1] / sqrt(6): both above 0.
  const Classification both = c.Classify("army troops embargo");
  EXPECT_NEAR(both.scores[0].raw, -1 + 4 / std::sqrt(6.0), 1e-6);
  EXPECT_EQ(both.labels, (std::vector<std::string>{"military", "sanctions"}));

  // Nothing known: only the biases, nothing predicted.
  const Classification none = c.Classify("the weather is nice");
  EXPECT_TRUE(none.labels.empty());
  EXPECT_NEAR(none.scores[0].raw, -1.0, 1e-6);
}

// The overload that reuses a Classification gives exactly what the by-value call gives,
// whatever the Classification held before (more labels, fewer, stale strings).
TEST(Classifier, ClassifyIntoReusedResultMatchesByValue) {
  const Classifier c = Tiny();
  Classification reused;
  reused.labels = {"stale", "stale", "stale"};
  reused.scores.resize(5, LabelScore{"stale", 9.0f, 9.0f});
  for (const char* text : {"army troops embargo", "the weather is nice", "Troops!",
                           "army embargo", ""}) {
    const Classification want = c.Classify(text);
    c.Classify(text, &reused);
    EXPECT_EQ(reused.labels, want.labels) << text;
    ASSERT_EQ(reused.scores.size(), want.scores.size()) << text;
    for (size_t i = 0; i < want.scores.size(); ++i) {
      EXPECT_EQ(reused.scores[i].label, want.scores[i].label);
      EXPECT_EQ(reused.scores[i].probability, want.scores[i].probability);
      EXPECT_EQ(reused.scores[i].raw, want.scores[i].raw);
    }
  }
}

// ClassifyIndices makes the same decision and gives the same numbers as Classify, by index,
// on a multi-label and a multi-class model, with and without the optional outputs.
TEST(Classifier, ClassifyIndicesMatchesClassify) {
  std::string json = testing::ReadFixture("tiny_model.json");
  const size_t at = json.find("\"multilabel\"");
  ASSERT_NE(at, std::string::npos);
  std::string multiclass_json = json;
  multiclass_json.replace(at, 12, "\"multiclass\"");
  const std::string platt = R"("calibration": {"method": "platt", "a": [1, 1], "b": [0, 0]},
  "thresholds": [0.5, 0.5],)";
  const size_t cal = multiclass_json.find(platt);
  ASSERT_NE(cal, std::string::npos);
  multiclass_json.replace(cal, platt.size(),
                          R"("calibration": {"method": "softmax_temperature", "temperature": 1},)");
  Result<Classifier> multiclass = Classifier::FromJson(multiclass_json);
  ASSERT_TRUE(multiclass.ok()) << multiclass.status().message();
  ASSERT_EQ(multiclass->task(), Task::kMultiClass);
  const Classifier multilabel = Tiny();
  const Classifier& mc = *multiclass;
  for (const Classifier* c : {&multilabel, &mc}) {
    std::vector<int32_t> ids = {7, 7, 7}, ids_alone;
    std::vector<float> prob = {9.0f}, raw;
    for (const char* text : {"army troops embargo", "the weather is nice", "Troops!",
                             "army embargo", ""}) {
      const Classification want = c->Classify(text);
      c->ClassifyIndices(text, &ids, &prob, &raw);
      c->ClassifyIndices(text, &ids_alone);
      std::vector<std::string> names;
      for (int32_t i : ids) names.push_back(c->labels().at(static_cast<size_t>(i)));
      EXPECT_EQ(names, want.labels) << text;
      EXPECT_EQ(ids_alone, ids) << text;
      ASSERT_EQ(prob.size(), want.scores.size());
      ASSERT_EQ(raw.size(), want.scores.size());
      for (size_t i = 0; i < want.scores.size(); ++i) {
        EXPECT_EQ(prob[i], want.scores[i].probability) << text;
        EXPECT_EQ(raw[i], want.scores[i].raw) << text;
      }
    }
  }
  // A multi-class decision is the top raw score: exactly one label, even for unknown words.
  std::vector<int32_t> ids;
  multiclass->ClassifyIndices("the weather is nice", &ids);
  EXPECT_EQ(ids.size(), 1u);
}

TEST(Classifier, ExplanationSumsToRawScore) {
  const Classifier c = Tiny();
  const std::string text = "Army and troops enforce the embargo; army sanctions, troops.";
  const Classification r = c.Classify(text);
  for (size_t l = 0; l < r.scores.size(); ++l) {
    Result<Explanation> e = c.Explain(text, r.scores[l].label, 0);
    ASSERT_TRUE(e.ok()) << e.status().message();
    EXPECT_EQ(e->label, r.scores[l].label);
    EXPECT_FLOAT_EQ(e->raw_score, r.scores[l].raw);
    EXPECT_FLOAT_EQ(e->probability, r.scores[l].probability);
    double sum = e->bias;
    for (const auto& t : e->terms) {
      EXPECT_FLOAT_EQ(t.contribution, t.value * t.weight) << t.term;
      sum += t.contribution;
    }
    EXPECT_NEAR(sum, e->raw_score, 1e-5);
    // Token shares add up to the same total.
    double tokens = e->bias;
    for (const auto& t : e->tokens) tokens += t.contribution;
    EXPECT_NEAR(tokens, e->raw_score, 1e-5);
    EXPECT_EQ(e->total_terms, 4);  // army, troops, embargo, sanctions
  }
  Result<Explanation> mil = c.Explain(text, "military", 2);
  ASSERT_TRUE(mil.ok());
  ASSERT_EQ(mil->terms.size(), 2u);  // truncated to the top 2
  EXPECT_EQ(mil->total_terms, 4);
  // army and troops both occur twice with idf 1: equal contributions, sorted by term.
  EXPECT_EQ(mil->terms[0].term, "army");
  EXPECT_EQ(mil->terms[1].term, "troops");
  EXPECT_TRUE(mil->predicted);
}

TEST(Classifier, ExplainSpansPointIntoTheText) {
  const Classifier c = Tiny();
  const std::string text = "Big army, small army";
  Result<Explanation> e = c.Explain(text, "military", 5);
  ASSERT_TRUE(e.ok());
  ASSERT_EQ(e->tokens.size(), 4u);
  EXPECT_EQ(text.substr(e->tokens[1].begin, e->tokens[1].end - e->tokens[1].begin), "army");
  EXPECT_GT(e->tokens[1].contribution, 0.0f);
  EXPECT_FLOAT_EQ(e->tokens[1].contribution, e->tokens[3].contribution);  // split evenly
  EXPECT_EQ(e->tokens[0].contribution, 0.0f);                             // "big" is unknown
}

TEST(Classifier, ExplainUnknownLabelIsAnError) {
  const Classifier c = Tiny();
  Result<Explanation> e = c.Explain("army", "weather", 5);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kNotFound);
  EXPECT_NE(e.status().message().find("'weather' is not one of the model's labels (military, sanctions)"),
            std::string::npos)
      << e.status().message();
}

TEST(Classifier, TokenizeExposesNormalisedTokens) {
  const Classifier c = Tiny();
  const std::vector<Token> t = c.Tokenize("Kim’s ARMY");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].text, "kim");
  EXPECT_EQ(t[1].text, "army");
  EXPECT_EQ(t[1].begin, 8u);  // "Kim’s " is 8 bytes (’ is 3)
  EXPECT_EQ(t[1].end, 12u);
}

TEST(Classifier, FromFileNamesThePath) {
  Result<Classifier> missing = Classifier::FromFile("/nonexistent/model.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("/nonexistent/model.json: cannot open"), std::string::npos);
  Result<Classifier> notjson = Classifier::FromFile(testing::FixturePath("../CMakeLists.txt"));
  ASSERT_FALSE(notjson.ok());
  EXPECT_NE(notjson.status().message().find("CMakeLists.txt: model: not valid JSON"), std::string::npos)
      << notjson.status().message();
}

TEST(Classifier, InfoDescribesTheModel) {
  const ModelInfo info = Tiny().Info();
  EXPECT_EQ(info.name, "tiny");
  EXPECT_EQ(info.num_features, 4);
  EXPECT_EQ(info.num_weights, 4);
  EXPECT_EQ(info.thresholds, (std::vector<float>{0.5f, 0.5f}));
  EXPECT_NE(info.settings_json.find("\"mapping\":\"vocabulary\""), std::string::npos) << info.settings_json;
  EXPECT_NE(info.training_json.find("note"), std::string::npos);
}

}  // namespace
}  // namespace topica
