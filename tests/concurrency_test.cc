// Classifying concurrently from many threads on one shared model is safe and gives exactly the
// results of one thread, through the C++ API and the C API. Models are trained here, on a
// generated corpus, so they have word bigrams, character n-grams and hashing in play.
//
// Each thread walks every document in its own order, several times, mixing Classify and
// Explain and alternating between two models (the per-thread scratch buffers are shared by
// all models on a thread), and compares each result bit for bit with the sequential one.
// A ~1 MB document makes threads grow and release their scratch buffers mid-run. For a data
// race detector run, build with -fsanitize=thread.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "topica/classifier.h"
#include "topica/dataset.h"
#include "topica/topica.h"
#include "topica/trainer.h"

namespace topica {
namespace {

constexpr int kThreads = 8;
constexpr int kRounds = 3;

const std::vector<std::vector<std::string>>& Vocabulary() {
  static const std::vector<std::vector<std::string>> words = {
      {"bank", "rates", "inflation", "markets", "shares", "bonds", "budget", "tax", "growth",
       "exports", "currency", "lending", "profits", "wages", "debt"},
      {"match", "goal", "team", "coach", "league", "striker", "season", "cup", "final",
       "stadium", "players", "referee", "title", "injury", "transfer"},
      {"protein", "telescope", "climate", "genome", "species", "physics", "vaccine", "cells",
       "orbit", "fossil", "laboratory", "experiment", "quantum", "virus", "galaxy"},
      {"election", "parliament", "minister", "vote", "party", "senate", "campaign", "coalition",
       "treaty", "sanctions", "embargo", "troops", "border", "president", "reform"},
  };
  return words;
}
const std::vector<std::string> kLabels = {"economy", "sport", "science", "politics"};
const std::vector<std::string> kCommon = {"the", "a", "of", "on", "after", "new", "said", "year",
                                          "week", "report", "today", "more", "than", "officials"};

std::string MakeText(std::mt19937* rng, const std::vector<int>& topics, int words) {
  std::string text;
  for (int w = 0; w < words; ++w) {
    const bool common = (*rng)() % 3 == 0;
    const std::vector<std::string>& pool =
        common ? kCommon : Vocabulary()[topics[(*rng)() % topics.size()]];
    if (!text.empty()) text += (*rng)() % 9 == 0 ? ", " : " ";
    std::string word = pool[(*rng)() % pool.size()];
    if ((*rng)() % 11 == 0) word[0] = static_cast<char>(word[0] - 'a' + 'A');
    text += word;
  }
  return text + ".";
}

std::string MakeCorpus(uint32_t seed, int docs, bool multilabel) {
  std::mt19937 rng(seed);
  std::string jsonl;
  for (int d = 0; d < docs; ++d) {
    std::vector<int> topics = {static_cast<int>(rng() % 4)};
    if (multilabel && rng() % 3 == 0) topics.push_back(static_cast<int>((topics[0] + 1 + rng() % 3) % 4));
    std::string labels;
    for (int t : topics) labels += (labels.empty() ? "\"" : ", \"") + kLabels[t] + "\"";
    jsonl += "{\"text\": \"" + MakeText(&rng, topics, 12 + static_cast<int>(rng() % 30)) +
             "\", \"labels\": [" + labels + "]}\n";
  }
  return jsonl;
}

// A model file trained on the generated corpus (deterministic: same bytes every time).
std::string TrainJson(bool multilabel) {
  Result<std::vector<Document>> docs =
      ParseDataset(MakeCorpus(multilabel ? 7 : 8, 400, multilabel), "generated", DataOptions{});
  EXPECT_TRUE(docs.ok()) << docs.status().message();
  TrainConfig config;
  config.task = multilabel ? TaskChoice::kMultiLabel : TaskChoice::kMultiClass;
  config.word_ngram_max = 2;
  config.char_ngram_min = 3;
  config.char_ngram_max = 4;
  config.hash_bits = multilabel ? 0 : 16;
  config.min_df = 1;
  Result<TrainedModel> model = topica::Train(*docs, config);
  EXPECT_TRUE(model.ok()) << model.status().message();
  return model.ok() ? model->json : std::string();
}

Classifier Load(const std::string& json) {
  Result<Classifier> clf = Classifier::FromJson(json);
  EXPECT_TRUE(clf.ok()) << clf.status().message();
  return std::move(clf).value();
}

// The test documents: generated ones and awkward ones.
std::vector<std::string> TestDocuments() {
  std::mt19937 rng(12345);
  std::vector<std::string> docs;
  for (int d = 0; d < 400; ++d) {
    std::vector<int> topics = {static_cast<int>(rng() % 4), static_cast<int>(rng() % 4)};
    docs.push_back(MakeText(&rng, topics, 1 + static_cast<int>(rng() % 80)));
  }
  docs.insert(docs.end(), {"", " ", "\xff\xfe\x80 broken utf-8 \xc3", "goal", "GOAL!!! Goal; goal.",
                           "Die Zentralbank erhöht die Zinsen; Inflation steigt.",
                           "東京で選挙が行われ、首相が改革を約束した。", "央行宣布降息，股市上涨。",
                           "Election 🗳️ results: the party won 51% of the vote ✅",
                           std::string("bank\0rates\0match", 16)});
  // Big enough (> 4 MB of scratch) that each thread drops and regrows its buffers.
  std::string big;
  while (big.size() < (1u << 20)) big += docs[big.size() % 400] + " ";
  docs.push_back(big);
  return docs;
}

bool Same(const Classification& a, const Classification& b) {
  if (a.labels != b.labels || a.scores.size() != b.scores.size()) return false;
  for (size_t i = 0; i < a.scores.size(); ++i) {
    // Bit-for-bit: the same code on the same input must not depend on the thread.
    if (a.scores[i].label != b.scores[i].label || a.scores[i].probability != b.scores[i].probability ||
        a.scores[i].raw != b.scores[i].raw) {
      return false;
    }
  }
  return true;
}

bool Same(const Explanation& a, const Explanation& b) {
  if (a.label != b.label || a.raw_score != b.raw_score || a.probability != b.probability ||
      a.predicted != b.predicted || a.total_terms != b.total_terms ||
      a.terms.size() != b.terms.size() || a.tokens.size() != b.tokens.size()) {
    return false;
  }
  for (size_t i = 0; i < a.terms.size(); ++i) {
    if (a.terms[i].term != b.terms[i].term || a.terms[i].contribution != b.terms[i].contribution) {
      return false;
    }
  }
  for (size_t i = 0; i < a.tokens.size(); ++i) {
    if (a.tokens[i].begin != b.tokens[i].begin || a.tokens[i].contribution != b.tokens[i].contribution) {
      return false;
    }
  }
  return true;
}

// Collects mismatches from the worker threads.
class Mismatches {
 public:
  void Add(const std::string& what) {
    std::lock_guard<std::mutex> lock(mu_);
    if (list_.size() < 10) list_.push_back(what);
    ++count_;
  }
  int count() const { return count_; }
  std::string Describe() const {
    std::string s;
    for (const std::string& m : list_) s += "\n  " + m;
    return s;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> list_;
  int count_ = 0;
};

struct Expected {
  std::vector<Classification> classes;
  std::vector<Explanation> explanations;  // by document; only the Explained ones are filled
};

// Which documents are explained too, and for which label (explaining the big one is slow).
bool Explained(size_t i, const std::string& doc) { return i % 5 == 0 && doc.size() < 10000; }

Expected Sequential(const Classifier& clf, const std::vector<std::string>& docs) {
  Expected e;
  for (size_t i = 0; i < docs.size(); ++i) {
    e.classes.push_back(clf.Classify(docs[i]));
    e.explanations.emplace_back();
    if (Explained(i, docs[i])) {
      Result<Explanation> x = clf.Explain(docs[i], clf.labels()[i % clf.labels().size()], 5);
      EXPECT_TRUE(x.ok());
      if (x.ok()) e.explanations.back() = std::move(x).value();
    }
  }
  return e;
}

// Thread t visits document (start + k * step) mod n: every document, in its own order.
template <class Visit>
void ForEachInThreadOrder(int t, size_t n, Visit&& visit) {
  const size_t steps[] = {1, 7, 11, 13, 17, 19, 23, 29};
  size_t step = steps[t % 8];
  while (n % step == 0 && step > 1) step += 2;  // coprime with n: a permutation
  const size_t start = static_cast<size_t>(t) * 37 % n;
  for (size_t k = 0; k < n; ++k) visit((start + k * step) % n);
}

TEST(Concurrency, CppApiSharedClassifiersMatchSequentialResults) {
  const Classifier multilabel = Load(TrainJson(true));
  const Classifier multiclass = Load(TrainJson(false));
  ASSERT_EQ(multilabel.task(), Task::kMultiLabel);
  ASSERT_EQ(multiclass.task(), Task::kMultiClass);
  const std::vector<std::string> docs = TestDocuments();
  const Classifier* models[2] = {&multilabel, &multiclass};
  const Expected expected[2] = {Sequential(multilabel, docs), Sequential(multiclass, docs)};
  // The model must predict labels for most documents, or the comparison proves little.
  int predicted = 0;
  for (const Classification& c : expected[0].classes) predicted += c.labels.empty() ? 0 : 1;
  EXPECT_GT(predicted, 300);

  Mismatches bad;
  std::atomic<int64_t> checked{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        ForEachInThreadOrder(t + round * kThreads, docs.size(), [&](size_t i) {
          const int m = static_cast<int>((i + static_cast<size_t>(t)) % 2);  // alternate models
          const Classifier& clf = *models[m];
          if (!Same(clf.Classify(docs[i]), expected[m].classes[i])) {
            bad.Add("thread " + std::to_string(t) + " model " + std::to_string(m) + " doc " +
                    std::to_string(i) + ": Classify differs");
          }
          if (Explained(i, docs[i])) {
            Result<Explanation> x = clf.Explain(docs[i], clf.labels()[i % clf.labels().size()], 5);
            if (!x.ok() || !Same(*x, expected[m].explanations[i])) {
              bad.Add("thread " + std::to_string(t) + " doc " + std::to_string(i) +
                      ": Explain differs");
            }
          }
          checked.fetch_add(1, std::memory_order_relaxed);
        });
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(checked.load(), int64_t{kThreads} * kRounds * static_cast<int64_t>(docs.size()));
  EXPECT_EQ(bad.count(), 0) << bad.Describe();
}

TEST(Concurrency, CApiSharedClassifierMatchesSequentialResults) {
  const std::string json = TrainJson(true);
  const std::vector<std::string> docs = TestDocuments();
  const Expected expected = Sequential(Load(json), docs);  // C++ API, one thread

  topica_classifier* shared = nullptr;
  ASSERT_EQ(topica_classifier_init_from_buffer(json.data(), json.size(), &shared),
            TOPICA_STATUS_OK)
      << topica_last_error();
  std::unique_ptr<topica_classifier, void (*)(topica_classifier*)> owner(shared, topica_classifier_free);

  Mismatches bad;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        ForEachInThreadOrder(t + round * kThreads, docs.size(), [&](size_t i) {
          const Classification& want = expected.classes[i];
          topica_classification* res = nullptr;
          if (topica_classifier_classify(shared, docs[i].data(), docs[i].size(), &res) !=
              TOPICA_STATUS_OK) {
            bad.Add("doc " + std::to_string(i) + ": " + topica_last_error());
            return;
          }
          bool same = topica_classification_num_labels(res) == static_cast<int32_t>(want.scores.size()) &&
                      topica_classification_num_predicted(res) == static_cast<int32_t>(want.labels.size());
          for (int32_t l = 0; same && l < topica_classification_num_labels(res); ++l) {
            same = want.scores[l].probability == topica_classification_probability(res, l) &&
                   want.scores[l].raw == topica_classification_raw_score(res, l);
          }
          for (int32_t k = 0; same && k < topica_classification_num_predicted(res); ++k) {
            same = want.labels[k] == topica_classification_label(res, topica_classification_predicted(res, k));
          }
          topica_classification_free(res);
          if (!same) bad.Add("thread " + std::to_string(t) + " doc " + std::to_string(i) + ": C classify differs");

          if (Explained(i, docs[i])) {
            const Explanation& wx = expected.explanations[i];
            topica_explanation* x = nullptr;
            if (topica_classifier_explain(shared, docs[i].data(), docs[i].size(), wx.label.c_str(), 5,
                                          &x) != TOPICA_STATUS_OK ||
                topica_explanation_raw_score(x) != wx.raw_score ||
                topica_explanation_num_terms(x) != static_cast<int32_t>(wx.terms.size()) ||
                (!wx.terms.empty() && topica_explanation_term_contribution(x, 0) != wx.terms[0].contribution)) {
              bad.Add("thread " + std::to_string(t) + " doc " + std::to_string(i) + ": C explain differs");
            }
            topica_explanation_free(x);
          }
          // Errors on one thread never show up on another.
          if (i % 50 == 0) {
            const std::string label = "no-such-label-" + std::to_string(t);
            topica_explanation* x = nullptr;
            if (topica_classifier_explain(shared, "x", 1, label.c_str(), 1, &x) != TOPICA_STATUS_NOT_FOUND ||
                std::string(topica_last_error()).find(label) == std::string::npos) {
              bad.Add("thread " + std::to_string(t) + ": wrong error: " + topica_last_error());
            }
          }
        });
        // Meanwhile, loading and freeing private classifiers does not disturb the shared one.
        topica_classifier* mine = nullptr;
        if (topica_classifier_init_from_buffer(json.data(), json.size(), &mine) !=
            TOPICA_STATUS_OK) {
          bad.Add(std::string("private load: ") + topica_last_error());
        }
        topica_classifier_free(mine);
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(bad.count(), 0) << bad.Describe();
}

}  // namespace
}  // namespace topica
