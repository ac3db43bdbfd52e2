// ComputeMetrics (topica/evaluate.h): the arithmetic, kept apart from Evaluate so it can be
// tested (and linked) without a trained Classifier.
//
// The numbers match scikit-learn's precision_recall_fscore_support(labels=all model labels,
// zero_division=0) and accuracy_score, so they can be checked against it:
//  - per label: precision = TP / predicted, recall = TP / support, F1 = 2TP / (2TP + FP + FN),
//    each 0 when its denominator is 0;
//  - micro: the same formulas over the summed TP, FP and FN of all labels;
//  - macro: the unweighted mean of the per-label values over every model label, including
//    labels no document carries or receives (they contribute 0, as with zero_division=0).
#include <algorithm>
#include <cstddef>

#include "topica/evaluate.h"

namespace topica {
namespace {

double Ratio(int64_t num, int64_t den) {
  return den > 0 ? static_cast<double>(num) / static_cast<double>(den) : 0.0;
}

// Valid, sorted, de-duplicated label indices.
void Normalise(const std::vector<int32_t>& in, int32_t num_labels, std::vector<int32_t>* out) {
  out->clear();
  for (int32_t i : in) {
    if (i >= 0 && i < num_labels) out->push_back(i);
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

// The first valid index of a multi-class row, or -1.
int32_t First(const std::vector<int32_t>& row, int32_t num_labels) {
  for (int32_t i : row) {
    if (i >= 0 && i < num_labels) return i;
  }
  return -1;
}

}  // namespace

// Rows are matched by position; a missing prediction row counts as an empty prediction and
// out-of-range indices are ignored (the function cannot fail). Multi-class rows use their
// first index, so the per-label counts are exactly the confusion matrix's diagonal, row sums
// and column sums.
EvalReport ComputeMetrics(Task task, const std::vector<std::string>& labels,
                          const std::vector<std::vector<int32_t>>& truth,
                          const std::vector<std::vector<int32_t>>& predicted) {
  const int32_t num_labels = static_cast<int32_t>(labels.size());
  const size_t n = truth.size();
  const std::vector<int32_t> kNone;

  EvalReport report;
  report.task = task;
  report.documents = static_cast<int64_t>(n);
  report.per_label.resize(labels.size());
  for (size_t k = 0; k < labels.size(); ++k) report.per_label[k].label = labels[k];

  int64_t correct = 0;
  if (task == Task::kMultiClass) {
    report.confusion.assign(labels.size(), std::vector<int64_t>(labels.size(), 0));
    for (size_t i = 0; i < n; ++i) {
      const int32_t t = First(truth[i], num_labels);
      const int32_t p = First(i < predicted.size() ? predicted[i] : kNone, num_labels);
      if (t >= 0) ++report.per_label[static_cast<size_t>(t)].support;
      if (p >= 0) ++report.per_label[static_cast<size_t>(p)].predicted;
      if (t >= 0 && p >= 0) ++report.confusion[static_cast<size_t>(t)][static_cast<size_t>(p)];
      if (t >= 0 && t == p) {
        ++report.per_label[static_cast<size_t>(t)].true_positives;
        ++correct;
      }
    }
  } else {
    std::vector<int32_t> t, p;
    for (size_t i = 0; i < n; ++i) {
      Normalise(truth[i], num_labels, &t);
      Normalise(i < predicted.size() ? predicted[i] : kNone, num_labels, &p);
      for (int32_t k : t) ++report.per_label[static_cast<size_t>(k)].support;
      for (int32_t k : p) ++report.per_label[static_cast<size_t>(k)].predicted;
      // Both sorted: count the intersection.
      size_t a = 0, b = 0;
      while (a < t.size() && b < p.size()) {
        if (t[a] < p[b]) {
          ++a;
        } else if (p[b] < t[a]) {
          ++b;
        } else {
          ++report.per_label[static_cast<size_t>(t[a])].true_positives;
          ++a;
          ++b;
        }
      }
      if (t == p) ++correct;  // subset accuracy: the exact set
    }
  }
  report.accuracy = Ratio(correct, static_cast<int64_t>(n));

  int64_t tp = 0, fp = 0, fn = 0;
  for (LabelMetrics& m : report.per_label) {
    const int64_t label_fp = m.predicted - m.true_positives;
    const int64_t label_fn = m.support - m.true_positives;
    m.precision = Ratio(m.true_positives, m.predicted);
    m.recall = Ratio(m.true_positives, m.support);
    m.f1 = Ratio(2 * m.true_positives, 2 * m.true_positives + label_fp + label_fn);
    tp += m.true_positives;
    fp += label_fp;
    fn += label_fn;
    report.macro_precision += m.precision;
    report.macro_recall += m.recall;
    report.macro_f1 += m.f1;
  }
  report.micro_precision = Ratio(tp, tp + fp);
  report.micro_recall = Ratio(tp, tp + fn);
  report.micro_f1 = Ratio(2 * tp, 2 * tp + fp + fn);
  if (!labels.empty()) {
    const double count = static_cast<double>(labels.size());
    report.macro_precision /= count;
    report.macro_recall /= count;
    report.macro_f1 /= count;
  }
  return report;
}

}  // namespace topica
