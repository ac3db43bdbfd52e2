// Train(): end to end on small synthetic corpora.
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "model.h"
#include "model_writer.h"
#include "rng.h"
#include "topica/classifier.h"
#include "topica/trainer.h"

namespace topica {
namespace {

// Documents built from topic word lists plus shared filler, with a seeded generator, so each
// label is learnable but not trivially (filler words are shared across topics).
std::vector<Document> Corpus(bool multilabel, int n, uint64_t seed) {
  const std::vector<std::vector<std::string>> topic_words = {
      {"troops", "army", "missile", "soldiers", "battle", "tanks", "airstrike"},
      {"sanctions", "embargo", "assets", "frozen", "blacklist", "export", "controls"},
      {"election", "parliament", "vote", "party", "campaign", "minister", "coalition"},
  };
  const std::vector<std::string> labels = {"military", "sanctions", "politics"};
  const std::vector<std::string> filler = {"the", "said", "on", "officials", "new", "week",
                                           "country", "report", "government", "city"};
  train::Rng rng(seed);
  std::vector<Document> docs;
  for (int i = 0; i < n; ++i) {
    Document d;
    d.id = "d" + std::to_string(i);
    d.line = i + 1;
    std::vector<int> topics = {static_cast<int>(rng.Uniform(3))};
    if (multilabel && rng.Uniform(3) == 0) topics.push_back((topics[0] + 1 + rng.Uniform(2)) % 3);
    if (multilabel && rng.Uniform(6) == 0) topics.clear();  // none applies
    for (int w = 0; w < 12; ++w) {
      if (!topics.empty() && rng.Uniform(2) == 0) {
        const auto& words = topic_words[topics[rng.Uniform(static_cast<uint32_t>(topics.size()))]];
        d.text += words[rng.Uniform(static_cast<uint32_t>(words.size()))];
      } else {
        d.text += filler[rng.Uniform(static_cast<uint32_t>(filler.size()))];
      }
      d.text += w % 5 == 4 ? ". " : " ";
    }
    for (int t : topics) d.labels.push_back(labels[t]);
    docs.push_back(d);
  }
  return docs;
}

TEST(Trainer, MultilabelModelLearnsTopics) {
  const std::vector<Document> docs = Corpus(true, 300, 7);
  TrainConfig config;
  config.name = "synthetic";
  Result<TrainedModel> m = Train(docs, config);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->task, Task::kMultiLabel);
  EXPECT_EQ(m->labels, (std::vector<std::string>{"military", "politics", "sanctions"}));
  Result<Classifier> c = Classifier::FromJson(m->json);
  ASSERT_TRUE(c.ok()) << c.status().message();
  const Classification r = c->Classify("Army tanks and soldiers moved; sanctions froze assets.");
  EXPECT_EQ(r.labels, (std::vector<std::string>{"military", "sanctions"}));
  EXPECT_TRUE(c->Classify("the city said on the week").labels.empty());
  // Out-of-fold metrics are recorded.
  const nlohmann::json summary = nlohmann::json::parse(m->summary_json);
  EXPECT_GT(summary["cross_validation"]["micro_f1"].get<double>(), 0.8);
  EXPECT_EQ(summary["documents"], 300);
}

TEST(Trainer, MulticlassIsDetectedAndCalibrated) {
  const std::vector<Document> docs = Corpus(false, 240, 11);
  Result<TrainedModel> m = Train(docs, TrainConfig{});
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->task, Task::kMultiClass);
  Result<Classifier> c = Classifier::FromJson(m->json);
  ASSERT_TRUE(c.ok()) << c.status().message();
  const Classification r = c->Classify("parliament vote on the coalition");
  ASSERT_EQ(r.labels.size(), 1u);
  EXPECT_EQ(r.labels[0], "politics");
  float sum = 0;
  for (const auto& s : r.scores) sum += s.probability;
  EXPECT_NEAR(sum, 1.0f, 1e-5);
  const nlohmann::json model = nlohmann::json::parse(m->json);
  EXPECT_EQ(model["calibration"]["method"], "softmax_temperature");
  EXPECT_GT(model["calibration"]["temperature"].get<double>(), 0.0);
}

TEST(Trainer, IsDeterministicAndRoundTrips) {
  const std::vector<Document> docs = Corpus(true, 200, 3);
  TrainConfig config;
  config.char_ngram_min = 3;
  config.char_ngram_max = 4;
  Result<TrainedModel> a = Train(docs, config);
  Result<TrainedModel> b = Train(docs, config);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->json, b->json);
  // Reading and re-writing a model reproduces it byte for byte.
  Result<internal::ModelData> parsed = internal::ParseModel(a->json);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  Result<std::string> again = train::SerializeModel(*parsed);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, a->json);
  // A different seed gives a different (but equally valid) model.
  config.seed = 2;
  Result<TrainedModel> c = Train(docs, config);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(c->json, a->json);
}

TEST(Trainer, HashingModelsWork) {
  const std::vector<Document> docs = Corpus(true, 200, 5);
  TrainConfig config;
  config.hash_bits = 18;
  Result<TrainedModel> m = Train(docs, config);
  ASSERT_TRUE(m.ok()) << m.status().message();
  const nlohmann::json j = nlohmann::json::parse(m->json);
  EXPECT_EQ(j["features"]["mapping"], "hashing");
  EXPECT_EQ(j["features"]["hash_buckets"], 1 << 18);
  EXPECT_FALSE(j["features"].contains("terms"));
  Result<Classifier> c = Classifier::FromJson(m->json);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->Classify("missile battle troops").labels, (std::vector<std::string>{"military"}));
  // Explanations still name the input's own terms.
  Result<Explanation> e = c->Explain("missile battle troops", "military", 3);
  ASSERT_TRUE(e.ok());
  ASSERT_FALSE(e->terms.empty());
  EXPECT_TRUE(e->terms[0].term == "missile" || e->terms[0].term == "battle" ||
              e->terms[0].term == "troops" || e->terms[0].term.find(' ') != std::string::npos);
}

TEST(Trainer, PruningDropsSmallWeights) {
  const std::vector<Document> docs = Corpus(true, 200, 5);
  TrainConfig config;
  Result<TrainedModel> full = Train(docs, config);
  config.min_weight = 0.1;
  Result<TrainedModel> pruned = Train(docs, config);
  ASSERT_TRUE(full.ok() && pruned.ok());
  EXPECT_LT(pruned->num_weights, full->num_weights);
  EXPECT_GT(pruned->num_weights, 0);
}

TEST(Trainer, RejectsBadInputsWithClearMessages) {
  std::vector<Document> docs = Corpus(false, 20, 1);
  TrainConfig config;
  config.c = -1;
  Result<TrainedModel> m = Train(docs, config);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().message(), "c: expected a number > 0, got -1");

  config = TrainConfig{};
  config.word_ngram_min = 3;
  config.word_ngram_max = 2;
  EXPECT_NE(Train(docs, config).status().message().find("word n-grams"), std::string::npos);

  EXPECT_EQ(Train({}, TrainConfig{}).status().message(), "no training documents");

  config = TrainConfig{};
  config.task = TaskChoice::kMultiClass;
  docs[4].labels.push_back("extra");
  docs[4].line = 5;
  const Status st = Train(docs, config).status();
  EXPECT_NE(st.message().find("document 'd4' (line 5): multiclass training needs exactly one label"),
            std::string::npos)
      << st.message();

  config = TrainConfig{};
  config.min_df = 1000;
  EXPECT_NE(Train(docs, config).status().message().find("no term occurs in at least min_df=1000"),
            std::string::npos);

  config = TrainConfig{};
  config.label_weights["nope"] = 2.0;
  EXPECT_NE(Train(docs, config).status().message().find("'nope': no such label"), std::string::npos);
}

TEST(Trainer, WriteFileAtomicNeverLeavesPartialFiles) {
  const std::string dir = ::testing::TempDir();
  const std::string path = dir + "/topica_atomic_test.json";
  ASSERT_TRUE(WriteFileAtomic(path, "first").ok());
  ASSERT_TRUE(WriteFileAtomic(path, "second").ok());
  std::FILE* f = std::fopen(path.c_str(), "rb");
  ASSERT_NE(f, nullptr);
  char buf[16] = {0};
  const size_t n = std::fread(buf, 1, sizeof buf, f);
  std::fclose(f);
  EXPECT_EQ(std::string(buf, n), "second");
  // Writing into a missing directory fails cleanly.
  const Status st = WriteFileAtomic(dir + "/no/such/dir/model.json", "x");
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("no/such/dir/model.json: cannot write"), std::string::npos) << st.message();
  std::remove(path.c_str());
}

TEST(Trainer, WriterRefusesNonFiniteWeights) {
  const std::vector<Document> docs = Corpus(true, 100, 9);
  Result<TrainedModel> m = Train(docs, TrainConfig{});
  ASSERT_TRUE(m.ok());
  Result<internal::ModelData> parsed = internal::ParseModel(m->json);
  ASSERT_TRUE(parsed.ok());
  parsed->values[0] = std::numeric_limits<float>::quiet_NaN();
  Result<std::string> out = train::SerializeModel(*parsed);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("model.weights.values[0]: not finite"), std::string::npos)
      << out.status().message();
}

}  // namespace
}  // namespace topica
