#include "scorer.h"

#include <algorithm>
#include <cmath>

namespace topica::internal {

Scorer::Scorer(const ModelData& model)
    : model_(&model),
      num_labels_(static_cast<int32_t>(model.labels.size())),
      num_weights_(static_cast<int64_t>(model.values.size())) {
  const int32_t features = model.num_features();
  const int64_t labels = num_labels_;
  offsets_.resize(static_cast<size_t>(features) + 1);
  int64_t total = 0;
  for (int32_t f = 0; f < features; ++f) {
    offsets_[f] = total;
    const int64_t nnz = model.col_ptr[f + 1] - model.col_ptr[f];
    total += 2 * nnz >= labels ? labels : 2 * nnz;
  }
  offsets_[features] = total;
  words_.assign(static_cast<size_t>(total), Word{0.0f});
  for (int32_t f = 0; f < features; ++f) {
    Word* out = words_.data() + offsets_[f];
    const bool dense = IsDense(f);
    for (int32_t i = model.col_ptr[f]; i < model.col_ptr[f + 1]; ++i) {
      if (dense) {
        out[model.row_idx[i]].value = model.values[i];
      } else {
        out->label = model.row_idx[i];
        (out + 1)->value = model.values[i];
        out += 2;
      }
    }
  }
}

void Scorer::Raw(const SparseVec& x, float* raw) const {
  const int32_t n = num_labels_;
  for (int32_t l = 0; l < n; ++l) raw[l] = 0.0f;
  // The columns of a document's features lie at random places in a model of many megabytes:
  // touching them one after another waits on a cache miss per column (two: its offset, then its
  // words). Prefetching the offsets 2 * kAhead features further on and the words kAhead
  // further on while the current column is summed overlaps those waits.
  constexpr int32_t kAhead = 8;
  const int32_t nnz = static_cast<int32_t>(x.nonZeros());
  const int32_t* ids = x.innerIndexPtr();
  const float* xv = x.valuePtr();
  const Word* words = words_.data();
  const int64_t* offsets = offsets_.data();
  for (int32_t k = 0; k < nnz && k < 2 * kAhead; ++k) __builtin_prefetch(offsets + ids[k]);
  for (int32_t k = 0; k < nnz && k < kAhead; ++k) __builtin_prefetch(words + offsets[ids[k]]);
  for (int32_t k = 0; k < nnz; ++k) {
    if (k + 2 * kAhead < nnz) __builtin_prefetch(offsets + ids[k + 2 * kAhead]);
    if (k + kAhead < nnz) __builtin_prefetch(words + offsets[ids[k + kAhead]]);
    const float v = xv[k];
    const Word* w = words + offsets[ids[k]];
    const Word* const end = words + offsets[ids[k] + 1];
    if (end - w == n) {
      for (int32_t l = 0; l < n; ++l) raw[l] += w[l].value * v;
    } else {
      for (; w < end; w += 2) raw[w[0].label] += w[1].value * v;
    }
  }
  for (int32_t l = 0; l < n; ++l) raw[l] += model_->bias[l];
}

void Scorer::Probabilities(const float* raw, float* prob) const {
  const int32_t n = num_labels();
  const Calibration& cal = model_->calibration;
  if (cal.method == CalibrationMethod::kPlatt) {
    for (int32_t l = 0; l < n; ++l) {
      const double z = static_cast<double>(cal.a[l]) * raw[l] + cal.b[l];
      // Stable logistic for either sign of z.
      prob[l] = static_cast<float>(z >= 0 ? 1.0 / (1.0 + std::exp(-z))
                                          : std::exp(z) / (1.0 + std::exp(z)));
    }
    return;
  }
  const double t = cal.temperature;
  double top = raw[0];
  for (int32_t l = 1; l < n; ++l) top = std::max(top, static_cast<double>(raw[l]));
  // Each exponential once: e_l is kept (as double) for the division.
  double stack_e[64];
  std::vector<double> heap_e;
  double* e = stack_e;
  if (n > 64) {
    heap_e.resize(static_cast<size_t>(n));
    e = heap_e.data();
  }
  double sum = 0.0;
  for (int32_t l = 0; l < n; ++l) {
    e[l] = std::exp((raw[l] - top) / t);
    sum += e[l];
  }
  for (int32_t l = 0; l < n; ++l) prob[l] = static_cast<float>(e[l] / sum);
}

void Scorer::Decide(const float* raw, const float* prob, std::vector<int32_t>* out) const {
  out->clear();
  const int32_t n = num_labels();
  if (model_->task == Task::kMultiClass) {
    int32_t best = 0;
    for (int32_t l = 1; l < n; ++l) {
      if (raw[l] > raw[best]) best = l;
    }
    out->push_back(best);
    return;
  }
  for (int32_t l = 0; l < n; ++l) {
    if (prob[l] >= model_->thresholds[l]) out->push_back(l);
  }
}

float Scorer::Weight(int32_t label, int32_t feature) const {
  const Word* w = words_.data() + offsets_[feature];
  const Word* const end = words_.data() + offsets_[feature + 1];
  if (IsDense(feature)) return w[label].value;
  for (; w < end; w += 2) {  // labels ascending; columns are short
    if (w[0].label == label) return w[1].value;
    if (w[0].label > label) break;
  }
  return 0.0f;
}

}  // namespace topica::internal
