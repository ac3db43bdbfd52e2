#include "scorer.h"

#include <algorithm>
#include <cmath>

namespace topica::internal {

Scorer::Scorer(const ModelData& model)
    : model_(&model),
      w_(static_cast<Eigen::Index>(model.labels.size()), model.num_features(),
         static_cast<Eigen::Index>(model.values.size()), model.col_ptr.data(),
         model.row_idx.data(), model.values.data()) {}

void Scorer::Raw(const SparseVec& x, float* raw) const {
  const int32_t n = num_labels();
  for (int32_t l = 0; l < n; ++l) raw[l] = 0.0f;
  for (SparseVec::InnerIterator xi(x); xi; ++xi) {
    const float v = xi.value();
    for (WeightMap::InnerIterator wi(w_, xi.index()); wi; ++wi) raw[wi.index()] += wi.value() * v;
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
  double sum = 0.0;
  for (int32_t l = 0; l < n; ++l) sum += std::exp((raw[l] - top) / t);
  for (int32_t l = 0; l < n; ++l) prob[l] = static_cast<float>(std::exp((raw[l] - top) / t) / sum);
}

std::vector<int32_t> Scorer::Decide(const float* raw, const float* prob) const {
  std::vector<int32_t> out;
  const int32_t n = num_labels();
  if (model_->task == Task::kMultiClass) {
    int32_t best = 0;
    for (int32_t l = 1; l < n; ++l) {
      if (raw[l] > raw[best]) best = l;
    }
    out.push_back(best);
    return out;
  }
  for (int32_t l = 0; l < n; ++l) {
    if (prob[l] >= model_->thresholds[l]) out.push_back(l);
  }
  return out;
}

float Scorer::Weight(int32_t label, int32_t feature) const {
  const int32_t* begin = model_->row_idx.data() + model_->col_ptr[feature];
  const int32_t* end = model_->row_idx.data() + model_->col_ptr[feature + 1];
  const int32_t* it = std::lower_bound(begin, end, label);
  if (it == end || *it != label) return 0.0f;
  return model_->values[static_cast<size_t>(it - model_->row_idx.data())];
}

}  // namespace topica::internal
