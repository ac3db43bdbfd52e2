// Tests for ComputeMetrics (core/train/metrics.cc) against hand-computed numbers, and for
// Evaluate (core/train/evaluate.cc) with the hand-written tiny model. Every expected metric
// below was also checked with scikit-learn 1.2: precision_recall_fscore_support(...,
// labels=all, zero_division=0), accuracy_score and confusion_matrix.
#include "topica/evaluate.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace topica {
namespace {

using Rows = std::vector<std::vector<int32_t>>;
constexpr double kEps = 1e-12;

void ExpectLabel(const LabelMetrics& m, const std::string& label, double p, double r, double f1,
                 int64_t support, int64_t predicted, int64_t tp) {
  EXPECT_EQ(m.label, label);
  EXPECT_NEAR(m.precision, p, kEps) << label;
  EXPECT_NEAR(m.recall, r, kEps) << label;
  EXPECT_NEAR(m.f1, f1, kEps) << label;
  EXPECT_EQ(m.support, support) << label;
  EXPECT_EQ(m.predicted, predicted) << label;
  EXPECT_EQ(m.true_positives, tp) << label;
}

// Labels a, b, c, d (0..3); d is never true nor predicted.
//   doc:   1 2 3 4 5 6 7 8 9 10
//   true:  a a a a b b c c c c
//   pred:  a a b c b b a c c b
// Confusion (rows true, columns predicted, order a b c d):
//   a: 2 1 1 0      support a=4 b=2 c=4 d=0 (row sums)
//   b: 0 2 0 0      predicted a=3 b=4 c=3 d=0 (column sums)
//   c: 1 1 2 0      TP a=2 b=2 c=2 d=0 (diagonal)
//   d: 0 0 0 0
// precision = TP/predicted: a 2/3, b 2/4 = 1/2, c 2/3, d 0/0 -> 0
// recall    = TP/support:   a 2/4 = 1/2, b 2/2 = 1, c 2/4 = 1/2, d 0/0 -> 0
// F1 = 2TP/(2TP+FP+FN):     a 4/(4+1+2) = 4/7, b 4/(4+2+0) = 2/3, c 4/(4+1+2) = 4/7, d 0
// accuracy = 6 correct / 10 = 0.6; micro P = R = F1 = 6/10 (one true and one predicted label
// per document: TP = 6, FP = FN = 4)
// macro P  = (2/3 + 1/2 + 2/3 + 0)/4 = (11/6)/4 = 11/24
// macro R  = (1/2 + 1 + 1/2 + 0)/4 = 1/2
// macro F1 = (4/7 + 2/3 + 4/7 + 0)/4 = (38/21)/4 = 19/42
TEST(ComputeMetrics, MultiClass) {
  const std::vector<std::string> labels = {"a", "b", "c", "d"};
  const Rows truth = {{0}, {0}, {0}, {0}, {1}, {1}, {2}, {2}, {2}, {2}};
  const Rows pred = {{0}, {0}, {1}, {2}, {1}, {1}, {0}, {2}, {2}, {1}};
  EvalReport r = ComputeMetrics(Task::kMultiClass, labels, truth, pred);
  EXPECT_EQ(r.task, Task::kMultiClass);
  EXPECT_EQ(r.documents, 10);
  EXPECT_NEAR(r.accuracy, 0.6, kEps);
  EXPECT_NEAR(r.micro_precision, 0.6, kEps);
  EXPECT_NEAR(r.micro_recall, 0.6, kEps);
  EXPECT_NEAR(r.micro_f1, 0.6, kEps);
  EXPECT_NEAR(r.macro_precision, 11.0 / 24.0, kEps);
  EXPECT_NEAR(r.macro_recall, 0.5, kEps);
  EXPECT_NEAR(r.macro_f1, 19.0 / 42.0, kEps);
  ASSERT_EQ(r.per_label.size(), 4u);
  ExpectLabel(r.per_label[0], "a", 2.0 / 3, 0.5, 4.0 / 7, 4, 3, 2);
  ExpectLabel(r.per_label[1], "b", 0.5, 1.0, 2.0 / 3, 2, 4, 2);
  ExpectLabel(r.per_label[2], "c", 2.0 / 3, 0.5, 4.0 / 7, 4, 3, 2);
  ExpectLabel(r.per_label[3], "d", 0.0, 0.0, 0.0, 0, 0, 0);
  const std::vector<std::vector<int64_t>> confusion = {
      {2, 1, 1, 0}, {0, 2, 0, 0}, {1, 1, 2, 0}, {0, 0, 0, 0}};
  EXPECT_EQ(r.confusion, confusion);
}

// Labels x, y, z, w (0..3); w is never true nor predicted.
//   doc  true     predicted   per label
//   1    {x,y}    {x}         x TP, y FN
//   2    {y}      {y,z}       y TP, z FP
//   3    {}       {}          (exact match)
//   4    {x,z}    {x,z}       x TP, z TP (exact match)
//   5    {z}      {x,y}       x FP, y FP, z FN
// support x=2 y=2 z=2 w=0; predicted x=3 y=2 z=2 w=0; TP x=2 y=1 z=1 w=0
// precision: x 2/3, y 1/2, z 1/2, w 0      recall: x 2/2 = 1, y 1/2, z 1/2, w 0
// F1: x 4/(4+1+0) = 0.8, y 2/(2+1+1) = 0.5, z 2/(2+1+1) = 0.5, w 0
// micro: TP = 4, FP = 1+1+1+0 = 3, FN = 0+1+1+0 = 2
//   P = 4/7, R = 4/6 = 2/3, F1 = 8/(8+3+2) = 8/13
// macro: P = (2/3 + 1/2 + 1/2 + 0)/4 = 5/12, R = (1 + 1/2 + 1/2 + 0)/4 = 1/2,
//   F1 = (0.8 + 0.5 + 0.5 + 0)/4 = 0.45
// subset accuracy: documents 3 and 4 -> 2/5 = 0.4
TEST(ComputeMetrics, MultiLabel) {
  const std::vector<std::string> labels = {"x", "y", "z", "w"};
  const Rows truth = {{0, 1}, {1}, {}, {0, 2}, {2}};
  const Rows pred = {{0}, {1, 2}, {}, {2, 0}, {0, 1}};  // order within a row does not matter
  EvalReport r = ComputeMetrics(Task::kMultiLabel, labels, truth, pred);
  EXPECT_EQ(r.task, Task::kMultiLabel);
  EXPECT_EQ(r.documents, 5);
  EXPECT_NEAR(r.accuracy, 0.4, kEps);
  EXPECT_NEAR(r.micro_precision, 4.0 / 7, kEps);
  EXPECT_NEAR(r.micro_recall, 2.0 / 3, kEps);
  EXPECT_NEAR(r.micro_f1, 8.0 / 13, kEps);
  EXPECT_NEAR(r.macro_precision, 5.0 / 12, kEps);
  EXPECT_NEAR(r.macro_recall, 0.5, kEps);
  EXPECT_NEAR(r.macro_f1, 0.45, kEps);
  ASSERT_EQ(r.per_label.size(), 4u);
  ExpectLabel(r.per_label[0], "x", 2.0 / 3, 1.0, 0.8, 2, 3, 2);
  ExpectLabel(r.per_label[1], "y", 0.5, 0.5, 0.5, 2, 2, 1);
  ExpectLabel(r.per_label[2], "z", 0.5, 0.5, 0.5, 2, 2, 1);
  ExpectLabel(r.per_label[3], "w", 0.0, 0.0, 0.0, 0, 0, 0);
  EXPECT_TRUE(r.confusion.empty());
}

// Duplicated and out-of-range indices are ignored: the same numbers as above.
TEST(ComputeMetrics, MultiLabelIgnoresDuplicatesAndBadIndices) {
  const std::vector<std::string> labels = {"x", "y", "z", "w"};
  const Rows truth = {{0, 1, 1}, {1, 7}, {-1}, {0, 2, 0}, {2}};
  const Rows pred = {{0, 0}, {1, 2, 4}, {}, {2, 0}, {0, 1, 1, 0}};
  EvalReport r = ComputeMetrics(Task::kMultiLabel, labels, truth, pred);
  EXPECT_NEAR(r.accuracy, 0.4, kEps);
  EXPECT_NEAR(r.micro_f1, 8.0 / 13, kEps);
  EXPECT_NEAR(r.macro_f1, 0.45, kEps);
  ExpectLabel(r.per_label[0], "x", 2.0 / 3, 1.0, 0.8, 2, 3, 2);
}

// Nothing predicted at all: every precision is 0/0 -> 0 (zero_division=0), so is every F1.
//   true: {a}, {a,b}, {}   predicted: {}, {}, {}
//   support a=2 b=1; recall a=0/2 b=0/1 = 0; subset accuracy: only doc 3 -> 1/3
TEST(ComputeMetrics, NothingPredicted) {
  EvalReport r = ComputeMetrics(Task::kMultiLabel, {"a", "b"}, {{0}, {0, 1}, {}}, {{}, {}, {}});
  EXPECT_NEAR(r.accuracy, 1.0 / 3, kEps);
  EXPECT_EQ(r.micro_precision, 0.0);
  EXPECT_EQ(r.micro_recall, 0.0);
  EXPECT_EQ(r.micro_f1, 0.0);
  EXPECT_EQ(r.macro_precision, 0.0);
  EXPECT_EQ(r.macro_f1, 0.0);
  ExpectLabel(r.per_label[0], "a", 0.0, 0.0, 0.0, 2, 0, 0);
  ExpectLabel(r.per_label[1], "b", 0.0, 0.0, 0.0, 1, 0, 0);
}

// All correct: every score is 1 for the labels that occur; the unused label c scores 0 and
// pulls the macro averages down to 2/3, as scikit-learn does with labels=[a, b, c].
TEST(ComputeMetrics, PerfectPredictionsWithAnUnusedLabel) {
  EvalReport r =
      ComputeMetrics(Task::kMultiClass, {"a", "b", "c"}, {{0}, {1}, {1}}, {{0}, {1}, {1}});
  EXPECT_EQ(r.accuracy, 1.0);
  EXPECT_EQ(r.micro_f1, 1.0);
  EXPECT_NEAR(r.macro_precision, 2.0 / 3, kEps);
  EXPECT_NEAR(r.macro_recall, 2.0 / 3, kEps);
  EXPECT_NEAR(r.macro_f1, 2.0 / 3, kEps);
  const std::vector<std::vector<int64_t>> confusion = {{1, 0, 0}, {0, 2, 0}, {0, 0, 0}};
  EXPECT_EQ(r.confusion, confusion);
}

TEST(ComputeMetrics, NoDocuments) {
  EvalReport r = ComputeMetrics(Task::kMultiClass, {"a", "b"}, {}, {});
  EXPECT_EQ(r.documents, 0);
  EXPECT_EQ(r.accuracy, 0.0);
  EXPECT_EQ(r.micro_f1, 0.0);
  EXPECT_EQ(r.macro_f1, 0.0);
  ASSERT_EQ(r.per_label.size(), 2u);
  EXPECT_EQ(r.per_label[1].label, "b");
  const std::vector<std::vector<int64_t>> confusion = {{0, 0}, {0, 0}};
  EXPECT_EQ(r.confusion, confusion);
}

// Multi-class rows are read by their first index; a missing prediction row or an empty one
// counts as a miss (a false negative for the true label, no false positive).
//   true a, pred (missing row) -> miss; true b, pred b -> hit; true a, pred {} -> miss
//   support a=2 b=1; predicted b=1; TP b=1
//   micro: TP=1 FP=0 FN=2 -> P = 1, R = 1/3, F1 = 2/(2+0+2) = 1/2; accuracy 1/3
TEST(ComputeMetrics, MultiClassMissingPredictions) {
  EvalReport r = ComputeMetrics(Task::kMultiClass, {"a", "b"}, {{0}, {1}, {0}}, {{}, {1}});
  EXPECT_NEAR(r.accuracy, 1.0 / 3, kEps);
  EXPECT_NEAR(r.micro_precision, 1.0, kEps);
  EXPECT_NEAR(r.micro_recall, 1.0 / 3, kEps);
  EXPECT_NEAR(r.micro_f1, 0.5, kEps);
  ExpectLabel(r.per_label[0], "a", 0.0, 0.0, 0.0, 2, 0, 0);
  ExpectLabel(r.per_label[1], "b", 1.0, 1.0, 1.0, 1, 1, 1);
  const std::vector<std::vector<int64_t>> confusion = {{0, 0}, {0, 1}};
  EXPECT_EQ(r.confusion, confusion);
}

// ---- Evaluate on tests/fixtures/tiny_model.json ---------------------------------------------
// The model (multi-label, labels military and sanctions, bias -1 each, threshold 0.5 on the
// sigmoid, i.e. raw > 0) scores, by the arithmetic in its file:
//   "Troops!"              military 1, sanctions -1           -> {military}
//   "army embargo"         military -1 + 2/sqrt(5) = -0.106,
//                          sanctions -1 + 6/sqrt(5) = 1.683    -> {sanctions}
//   "the weather is nice"  -1, -1                             -> {}
//   "embargo"              military -1, sanctions -1 + 3 = 2  -> {sanctions}
//   "army"                 military -1 + 2 = 1, sanctions -1  -> {military}

Classifier TinyModel(bool multiclass) {
  std::string text = testing::ReadFixture("tiny_model.json");
  if (multiclass) {
    // The same weights as a multi-class model: the top raw score wins.
    nlohmann::json model = nlohmann::json::parse(text);
    model["task"] = "multiclass";
    model["calibration"] = {{"method", "softmax_temperature"}, {"temperature", 1.0}};
    model.erase("thresholds");
    text = model.dump();
  }
  Result<Classifier> c = Classifier::FromJson(text);
  EXPECT_TRUE(c.ok()) << c.status().message();
  return std::move(c).value();
}

Document Doc(const std::string& text, std::vector<std::string> labels, int64_t line) {
  Document d;
  d.id = std::to_string(line);
  d.text = text;
  d.labels = std::move(labels);
  d.line = line;
  return d;
}

// labels military (0), sanctions (1)
//   doc  text                   true                  predicted
//   1    Troops!                {military}            {military}
//   2    army embargo           {sanctions}           {sanctions}
//   3    the weather is nice    {}                    {}
//   4    embargo                {military}            {sanctions}
//   5    the weather is nice    {sanctions}           {}
//   6    army                   {military,sanctions}  {military}
// military:  support 3 (1,4,6), predicted 2 (1,6), TP 2 -> P 1, R 2/3, F1 4/(4+0+1) = 0.8
// sanctions: support 3 (2,5,6), predicted 2 (2,4), TP 1 -> P 1/2, R 1/3, F1 2/(2+1+2) = 0.4
// micro: TP 3, FP 0+1 = 1, FN 1+2 = 3 -> P 3/4, R 3/6 = 1/2, F1 6/(6+1+3) = 0.6
// macro: P (1 + 1/2)/2 = 3/4, R (2/3 + 1/3)/2 = 1/2, F1 (0.8 + 0.4)/2 = 0.6
// subset accuracy: docs 1, 2, 3 -> 3/6 = 0.5
TEST(Evaluate, MultiLabelTinyModel) {
  const Classifier model = TinyModel(/*multiclass=*/false);
  ASSERT_EQ(model.task(), Task::kMultiLabel);
  const std::vector<Document> docs = {
      Doc("Troops!", {"military"}, 1),
      Doc("army embargo", {"sanctions"}, 2),
      Doc("the weather is nice", {}, 3),
      Doc("embargo", {"military"}, 4),
      Doc("the weather is nice", {"sanctions"}, 5),
      Doc("army", {"military", "sanctions"}, 6),
  };
  Result<EvalReport> r = Evaluate(model, docs, "eval.jsonl");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->task, Task::kMultiLabel);
  EXPECT_EQ(r->documents, 6);
  EXPECT_NEAR(r->accuracy, 0.5, kEps);
  EXPECT_NEAR(r->micro_precision, 0.75, kEps);
  EXPECT_NEAR(r->micro_recall, 0.5, kEps);
  EXPECT_NEAR(r->micro_f1, 0.6, kEps);
  EXPECT_NEAR(r->macro_precision, 0.75, kEps);
  EXPECT_NEAR(r->macro_recall, 0.5, kEps);
  EXPECT_NEAR(r->macro_f1, 0.6, kEps);
  ASSERT_EQ(r->per_label.size(), 2u);
  ExpectLabel(r->per_label[0], "military", 1.0, 2.0 / 3, 0.8, 3, 2, 2);
  ExpectLabel(r->per_label[1], "sanctions", 0.5, 1.0 / 3, 0.4, 3, 2, 1);
  EXPECT_TRUE(r->confusion.empty());
}

// As a multi-class model (argmax of the raw scores):
//   doc  text           true        predicted
//   1    Troops!        military    military
//   2    embargo        sanctions   sanctions
//   3    army embargo   military    sanctions (1.683 > -0.106)
//   4    army           military    military
// confusion: military [2, 1], sanctions [0, 1]; accuracy 3/4 = micro P = R = F1
// military:  support 3, predicted 2, TP 2 -> P 1, R 2/3, F1 0.8
// sanctions: support 1, predicted 2, TP 1 -> P 1/2, R 1, F1 2/(2+1+0) = 2/3
// macro: P 3/4, R (2/3 + 1)/2 = 5/6, F1 (0.8 + 2/3)/2 = 11/15
TEST(Evaluate, MultiClassTinyModel) {
  const Classifier model = TinyModel(/*multiclass=*/true);
  ASSERT_EQ(model.task(), Task::kMultiClass);
  const std::vector<Document> docs = {
      Doc("Troops!", {"military"}, 1),
      Doc("embargo", {"sanctions"}, 2),
      Doc("army embargo", {"military"}, 3),
      Doc("army", {"military"}, 4),
  };
  Result<EvalReport> r = Evaluate(model, docs, "eval.jsonl");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->task, Task::kMultiClass);
  EXPECT_NEAR(r->accuracy, 0.75, kEps);
  EXPECT_NEAR(r->micro_f1, 0.75, kEps);
  EXPECT_NEAR(r->macro_precision, 0.75, kEps);
  EXPECT_NEAR(r->macro_recall, 5.0 / 6, kEps);
  EXPECT_NEAR(r->macro_f1, 11.0 / 15, kEps);
  ExpectLabel(r->per_label[0], "military", 1.0, 2.0 / 3, 0.8, 3, 2, 2);
  ExpectLabel(r->per_label[1], "sanctions", 0.5, 1.0, 2.0 / 3, 1, 2, 1);
  const std::vector<std::vector<int64_t>> confusion = {{2, 1}, {0, 1}};
  EXPECT_EQ(r->confusion, confusion);
}

TEST(Evaluate, UnknownLabelNamesSourceAndLine) {
  const Classifier model = TinyModel(/*multiclass=*/false);
  const std::vector<Document> docs = {Doc("Troops!", {"military"}, 1),
                                      Doc("GDP grew", {"sanctions", "economy"}, 7)};
  Result<EvalReport> r = Evaluate(model, docs, "eval.jsonl");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(),
            "eval.jsonl:7: label 'economy' is not one of the model's labels (military, sanctions)");

  // Documents made in code (line 0) are named by position.
  std::vector<Document> built = {Doc("a", {}, 0), Doc("b", {"Military"}, 0)};
  r = Evaluate(model, built, "input");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "input: document #2: label 'Military' is not one of the model's labels (military, "
            "sanctions)");
}

TEST(Evaluate, MultiClassNeedsExactlyOneLabel) {
  const Classifier model = TinyModel(/*multiclass=*/true);
  Result<EvalReport> r = Evaluate(
      model, {Doc("Troops!", {"military"}, 1), Doc("x", {"military", "sanctions"}, 3)}, "d.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "d.csv:3: the model is multi-class, so every document needs exactly one label; this "
            "one has 2 (military, sanctions)");
  r = Evaluate(model, {Doc("x", {}, 4)}, "d.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "d.csv:4: the model is multi-class, so every document needs exactly one label; this "
            "one has none");
}

TEST(Evaluate, NoDocuments) {
  const Classifier model = TinyModel(/*multiclass=*/false);
  Result<EvalReport> r = Evaluate(model, {}, "empty.jsonl");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "empty.jsonl: no documents to evaluate");
}

}  // namespace
}  // namespace topica
