// The C API (topica.h) on the hand-written tiny model: same answers as the C++ API, errors
// as status codes + thread-local messages, NULL-safety, ownership.
#include "topica/topica.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "test_util.h"
#include "topica/classifier.h"
#include "topica/version.h"

namespace topica {
namespace {

// Owns a C classifier for the length of a test.
struct CClassifier {
  topica_classifier* p = nullptr;
  ~CClassifier() { topica_classifier_free(p); }
};

topica_classifier* LoadTiny(CClassifier* holder) {
  const std::string path = testing::FixturePath("tiny_model.json");
  EXPECT_EQ(topica_classifier_init_from_file(path.c_str(), &holder->p), TOPICA_STATUS_OK)
      << topica_last_error();
  return holder->p;
}

TEST(CApi, Version) {
  EXPECT_STREQ(topica_version(), Version());
  EXPECT_EQ(topica_c_api_version(), TOPICA_C_API_VERSION);
}

TEST(CApi, StatusNames) {
  EXPECT_STREQ(topica_status_name(TOPICA_STATUS_OK), "ok");
  EXPECT_STREQ(topica_status_name(TOPICA_STATUS_NOT_FOUND), "not found");
  EXPECT_STREQ(topica_status_name(TOPICA_STATUS_DATA_LOSS), "data loss");
  EXPECT_STREQ(topica_status_name(TOPICA_STATUS_OUT_OF_MEMORY), "out of memory");
  EXPECT_STREQ(topica_status_name(static_cast<topica_status>(99)), "unknown");
}

TEST(CApi, LabelsAndTask) {
  CClassifier c;
  topica_classifier* clf = LoadTiny(&c);
  ASSERT_NE(clf, nullptr);
  EXPECT_STREQ(topica_last_error(), "");
  EXPECT_EQ(topica_classifier_task(clf), TOPICA_TASK_MULTILABEL);
  ASSERT_EQ(topica_classifier_num_labels(clf), 2);
  EXPECT_STREQ(topica_classifier_label(clf, 0), "military");
  EXPECT_STREQ(topica_classifier_label(clf, 1), "sanctions");
  EXPECT_EQ(topica_classifier_label(clf, 2), nullptr);
  EXPECT_EQ(topica_classifier_label(clf, -1), nullptr);
}

TEST(CApi, ClassifyMatchesCppApi) {
  CClassifier c;
  topica_classifier* clf = LoadTiny(&c);
  ASSERT_NE(clf, nullptr);
  Result<Classifier> cpp = Classifier::FromFile(testing::FixturePath("tiny_model.json"));
  ASSERT_TRUE(cpp.ok());

  for (const std::string text : {"army embargo", "army troops embargo", "Troops!", "nothing", ""}) {
    SCOPED_TRACE(text);
    topica_classification* res = nullptr;
    ASSERT_EQ(topica_classifier_classify(clf, text.data(), text.size(), &res), TOPICA_STATUS_OK);
    const Classification expected = cpp->Classify(text);
    ASSERT_EQ(topica_classification_num_labels(res), static_cast<int32_t>(expected.scores.size()));
    for (int32_t l = 0; l < topica_classification_num_labels(res); ++l) {
      EXPECT_EQ(topica_classification_label(res, l), expected.scores[l].label);
      EXPECT_EQ(topica_classification_probability(res, l), expected.scores[l].probability);
      EXPECT_EQ(topica_classification_raw_score(res, l), expected.scores[l].raw);
    }
    std::vector<std::string> predicted;
    for (int32_t k = 0; k < topica_classification_num_predicted(res); ++k) {
      predicted.push_back(topica_classification_label(res, topica_classification_predicted(res, k)));
    }
    EXPECT_EQ(predicted, expected.labels);
    EXPECT_EQ(topica_classification_predicted(res, topica_classification_num_predicted(res)), -1);
    EXPECT_EQ(topica_classification_label(res, 5), nullptr);
    EXPECT_EQ(topica_classification_probability(res, -1), 0.0f);
    topica_classification_free(res);
  }
}

TEST(CApi, TextIsBytesNotCString) {
  CClassifier c;
  topica_classifier* clf = LoadTiny(&c);
  ASSERT_NE(clf, nullptr);
  // Only the first 5 bytes count ("Army " -> military), and an embedded NUL is just a byte.
  const char text[] = "Army embargo embargo";
  topica_classification* res = nullptr;
  ASSERT_EQ(topica_classifier_classify(clf, text, 5, &res), TOPICA_STATUS_OK);
  ASSERT_EQ(topica_classification_num_predicted(res), 1);
  EXPECT_EQ(topica_classification_predicted(res, 0), 0);
  topica_classification_free(res);

  const std::string with_nul("army troops\0embargo", 19);
  ASSERT_EQ(topica_classifier_classify(clf, with_nul.data(), with_nul.size(), &res), TOPICA_STATUS_OK);
  EXPECT_EQ(topica_classification_num_predicted(res), 2);
  topica_classification_free(res);

  // NULL text of size 0 is the empty text.
  ASSERT_EQ(topica_classifier_classify(clf, nullptr, 0, &res), TOPICA_STATUS_OK);
  EXPECT_EQ(topica_classification_num_predicted(res), 0);
  topica_classification_free(res);
}

TEST(CApi, ExplainMatchesCppApi) {
  CClassifier c;
  topica_classifier* clf = LoadTiny(&c);
  ASSERT_NE(clf, nullptr);
  Result<Classifier> cpp = Classifier::FromFile(testing::FixturePath("tiny_model.json"));
  ASSERT_TRUE(cpp.ok());
  const std::string text = "Army and troops enforce the embargo; army sanctions, troops.";
  const Result<Explanation> expected = cpp->Explain(text, "sanctions", 2);
  ASSERT_TRUE(expected.ok());

  topica_explanation* e = nullptr;
  ASSERT_EQ(topica_classifier_explain(clf, text.data(), text.size(), "sanctions", 2, &e),
            TOPICA_STATUS_OK)
      << topica_last_error();
  EXPECT_STREQ(topica_explanation_label(e), "sanctions");
  EXPECT_EQ(topica_explanation_raw_score(e), expected->raw_score);
  EXPECT_EQ(topica_explanation_bias(e), expected->bias);
  EXPECT_EQ(topica_explanation_probability(e), expected->probability);
  EXPECT_EQ(topica_explanation_predicted(e), expected->predicted ? 1 : 0);
  EXPECT_EQ(topica_explanation_total_terms(e), expected->total_terms);
  ASSERT_EQ(topica_explanation_num_terms(e), static_cast<int32_t>(expected->terms.size()));
  ASSERT_EQ(topica_explanation_num_terms(e), 2);
  for (int32_t i = 0; i < topica_explanation_num_terms(e); ++i) {
    EXPECT_EQ(topica_explanation_term(e, i), expected->terms[i].term);
    EXPECT_EQ(topica_explanation_term_value(e, i), expected->terms[i].value);
    EXPECT_EQ(topica_explanation_term_weight(e, i), expected->terms[i].weight);
    EXPECT_EQ(topica_explanation_term_contribution(e, i), expected->terms[i].contribution);
  }
  ASSERT_EQ(topica_explanation_num_tokens(e), static_cast<int32_t>(expected->tokens.size()));
  for (int32_t i = 0; i < topica_explanation_num_tokens(e); ++i) {
    EXPECT_EQ(topica_explanation_token_begin(e, i), expected->tokens[i].begin);
    EXPECT_EQ(topica_explanation_token_end(e, i), expected->tokens[i].end);
    EXPECT_EQ(topica_explanation_token_contribution(e, i), expected->tokens[i].contribution);
  }
  EXPECT_EQ(topica_explanation_term(e, 2), nullptr);
  EXPECT_EQ(topica_explanation_token_end(e, -1), 0u);
  topica_explanation_free(e);

  // top_terms <= 0 keeps every term, and they add up to the raw score.
  ASSERT_EQ(topica_classifier_explain(clf, text.data(), text.size(), "military", 0, &e),
            TOPICA_STATUS_OK);
  float sum = topica_explanation_bias(e);
  for (int32_t i = 0; i < topica_explanation_num_terms(e); ++i) {
    sum += topica_explanation_term_contribution(e, i);
  }
  EXPECT_NEAR(sum, topica_explanation_raw_score(e), 1e-5);
  EXPECT_EQ(topica_explanation_num_terms(e), topica_explanation_total_terms(e));
  topica_explanation_free(e);
}

TEST(CApi, LoadFromBuffer) {
  const std::string json = testing::ReadFixture("tiny_model.json");
  topica_classifier* clf = nullptr;
  // The bytes are copied: the buffer may go away right after.
  {
    std::vector<char> copy(json.begin(), json.end());
    ASSERT_EQ(topica_classifier_init_from_buffer(copy.data(), copy.size(), &clf), TOPICA_STATUS_OK)
        << topica_last_error();
  }
  EXPECT_EQ(topica_classifier_num_labels(clf), 2);
  topica_classifier_free(clf);
}

TEST(CApi, LoadErrorsAreStatusesWithMessages) {
  topica_classifier* clf = reinterpret_cast<topica_classifier*>(0x1);  // must be reset to NULL

  EXPECT_EQ(topica_classifier_init_from_file("/nonexistent/model.json", &clf), TOPICA_STATUS_NOT_FOUND);
  EXPECT_EQ(clf, nullptr);
  EXPECT_NE(std::strstr(topica_last_error(), "/nonexistent/model.json"), nullptr) << topica_last_error();

  const char bad_json[] = "{\"format\": \"topica-model\", ";
  EXPECT_EQ(topica_classifier_init_from_buffer(bad_json, std::strlen(bad_json), &clf),
            TOPICA_STATUS_DATA_LOSS);
  EXPECT_EQ(clf, nullptr);
  EXPECT_STRNE(topica_last_error(), "");

  const char newer[] = "{\"format\": \"topica-model\", \"format_version\": 999}";
  EXPECT_EQ(topica_classifier_init_from_buffer(newer, std::strlen(newer), &clf),
            TOPICA_STATUS_UNIMPLEMENTED);

  EXPECT_NE(topica_classifier_init_from_buffer(nullptr, 0, &clf), TOPICA_STATUS_OK);
  EXPECT_EQ(topica_classifier_init_from_buffer(nullptr, 3, &clf), TOPICA_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(topica_classifier_init_from_file(nullptr, &clf), TOPICA_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(topica_classifier_init_from_file("x", nullptr), TOPICA_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(topica_classifier_init_default(nullptr), TOPICA_STATUS_INVALID_ARGUMENT);
  EXPECT_STREQ(topica_last_error(), "out is NULL");

  // A success clears the message.
  CClassifier c;
  LoadTiny(&c);
  EXPECT_STREQ(topica_last_error(), "");
}

TEST(CApi, DefaultModelHonoursTopicaModel) {
  const std::string path = testing::FixturePath("tiny_model.json");
  ASSERT_EQ(setenv("TOPICA_MODEL", path.c_str(), 1), 0);
  topica_classifier* clf = nullptr;
  EXPECT_EQ(topica_classifier_init_default(&clf), TOPICA_STATUS_OK) << topica_last_error();
  EXPECT_EQ(topica_classifier_num_labels(clf), 2);
  topica_classifier_free(clf);

  ASSERT_EQ(setenv("TOPICA_MODEL", "/nonexistent/default.json", 1), 0);
  EXPECT_EQ(topica_classifier_init_default(&clf), TOPICA_STATUS_NOT_FOUND);
  EXPECT_EQ(clf, nullptr);
  unsetenv("TOPICA_MODEL");
}

TEST(CApi, CallErrors) {
  CClassifier c;
  topica_classifier* clf = LoadTiny(&c);
  ASSERT_NE(clf, nullptr);
  topica_classification* res = nullptr;
  EXPECT_EQ(topica_classifier_classify(nullptr, "x", 1, &res), TOPICA_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(res, nullptr);
  EXPECT_EQ(topica_classifier_classify(clf, nullptr, 1, &res), TOPICA_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(topica_classifier_classify(clf, "x", 1, nullptr), TOPICA_STATUS_INVALID_ARGUMENT);

  topica_explanation* e = nullptr;
  EXPECT_EQ(topica_classifier_explain(clf, "army", 4, "weather", 3, &e), TOPICA_STATUS_NOT_FOUND);
  EXPECT_EQ(e, nullptr);
  EXPECT_NE(std::strstr(topica_last_error(), "weather"), nullptr) << topica_last_error();
  EXPECT_EQ(topica_classifier_explain(clf, "army", 4, nullptr, 3, &e), TOPICA_STATUS_INVALID_ARGUMENT);
}

TEST(CApi, NullObjectsAreHarmless) {
  topica_classifier_free(nullptr);
  topica_classification_free(nullptr);
  topica_explanation_free(nullptr);
  EXPECT_EQ(topica_classifier_num_labels(nullptr), 0);
  EXPECT_EQ(topica_classifier_label(nullptr, 0), nullptr);
  EXPECT_EQ(topica_classification_num_labels(nullptr), 0);
  EXPECT_EQ(topica_classification_num_predicted(nullptr), 0);
  EXPECT_EQ(topica_classification_predicted(nullptr, 0), -1);
  EXPECT_EQ(topica_classification_label(nullptr, 0), nullptr);
  EXPECT_EQ(topica_classification_raw_score(nullptr, 0), 0.0f);
  EXPECT_EQ(topica_explanation_label(nullptr), nullptr);
  EXPECT_EQ(topica_explanation_num_terms(nullptr), 0);
  EXPECT_EQ(topica_explanation_num_tokens(nullptr), 0);
  EXPECT_EQ(topica_explanation_predicted(nullptr), 0);
}

TEST(CApi, LastErrorIsPerThread) {
  CClassifier c;
  topica_classifier* clf = LoadTiny(&c);
  ASSERT_NE(clf, nullptr);
  topica_explanation* e = nullptr;
  ASSERT_NE(topica_classifier_explain(clf, "", 0, "label-of-main-thread", 1, &e), TOPICA_STATUS_OK);
  std::string other;
  std::thread t([&] {
    other = topica_last_error();  // nothing failed on this thread yet
    topica_explanation* e2 = nullptr;
    (void)topica_classifier_explain(clf, "", 0, "label-of-other-thread", 1, &e2);
  });
  t.join();
  EXPECT_EQ(other, "");
  EXPECT_NE(std::strstr(topica_last_error(), "label-of-main-thread"), nullptr) << topica_last_error();
}

}  // namespace
}  // namespace topica
