// Scorer: the packed weight layout (dense and sparse columns) gives exactly the sums and
// weights of the model's compressed columns.
#include <cstdint>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "model.h"
#include "scorer.h"

namespace topica::internal {
namespace {

// 6 labels; columns with 0, 1, 2, 3 (= half: dense), 5 and 6 weights.
ModelData SixLabels() {
  ModelData m;
  m.task = Task::kMultiLabel;
  m.labels = {"a", "b", "c", "d", "e", "f"};
  const std::vector<std::vector<std::pair<int32_t, float>>> columns = {
      {},
      {{4, 0.5f}},
      {{0, -1.25f}, {5, 2.0f}},
      {{1, 0.1f}, {2, 0.2f}, {3, -0.3f}},
      {{0, 1.0f}, {1, -2.0f}, {3, 3.0f}, {4, -4.0f}, {5, 5.0f}},
      {{0, 0.01f}, {1, 0.02f}, {2, 0.03f}, {3, 0.04f}, {4, 0.05f}, {5, 0.06f}},
  };
  m.col_ptr.push_back(0);
  for (const auto& col : columns) {
    for (const auto& [row, value] : col) {
      m.row_idx.push_back(row);
      m.values.push_back(value);
    }
    m.col_ptr.push_back(static_cast<int32_t>(m.values.size()));
  }
  m.idf.assign(columns.size(), 1.0f);
  m.bias = {0.5f, -0.5f, 0.0f, 1.0f, -1.0f, 0.25f};
  return m;
}

TEST(Scorer, WeightMatchesTheCompressedColumns) {
  const ModelData m = SixLabels();
  const Scorer scorer(m);
  EXPECT_EQ(scorer.num_weights(), static_cast<int64_t>(m.values.size()));
  for (int32_t f = 0; f < m.num_features(); ++f) {
    std::vector<float> want(m.labels.size(), 0.0f);
    for (int32_t i = m.col_ptr[f]; i < m.col_ptr[f + 1]; ++i) want[m.row_idx[i]] = m.values[i];
    for (int32_t l = 0; l < static_cast<int32_t>(m.labels.size()); ++l) {
      EXPECT_EQ(scorer.Weight(l, f), want[l]) << "label " << l << ", feature " << f;
    }
  }
}

TEST(Scorer, RawSumsInFeatureOrder) {
  const ModelData m = SixLabels();
  const Scorer scorer(m);
  SparseVec x(m.num_features());
  const std::vector<float> xs = {0.3f, 0.7f, 0.11f, 0.13f, 0.17f, 0.19f};
  for (int32_t f = 0; f < m.num_features(); ++f) x.insertBack(f) = xs[f];
  std::vector<float> want(m.labels.size(), 0.0f);
  for (int32_t f = 0; f < m.num_features(); ++f) {  // the reference: column by column
    for (int32_t i = m.col_ptr[f]; i < m.col_ptr[f + 1]; ++i) {
      want[m.row_idx[i]] += m.values[i] * xs[f];
    }
  }
  for (size_t l = 0; l < want.size(); ++l) want[l] += m.bias[l];
  std::vector<float> raw(m.labels.size(), 123.0f);
  scorer.Raw(x, raw.data());
  for (size_t l = 0; l < want.size(); ++l) EXPECT_EQ(raw[l], want[l]) << "label " << l;
}

// The model's weights as ParseModel stores them with interleave_weights.
ModelData Interleaved(ModelData m) {
  m.interleaved.used = true;
  m.interleaved.rows = m.interleaved.values = m.values.size();
  m.interleaved.words.Resize(2 * m.values.size());
  for (size_t k = 0; k < m.values.size(); ++k) {
    m.interleaved.words[2 * k].label = m.row_idx[k];
    m.interleaved.words[2 * k + 1].value = m.values[k];
  }
  std::vector<int32_t>().swap(m.row_idx);
  std::vector<float>().swap(m.values);
  return m;
}

// Every weight and every raw score bit for bit.
void ExpectSameScorer(const Scorer& a, const Scorer& b, const ModelData& m) {
  EXPECT_EQ(a.num_weights(), b.num_weights());
  for (int32_t f = 0; f < m.num_features(); ++f) {
    for (int32_t l = 0; l < static_cast<int32_t>(m.labels.size()); ++l) {
      const float wa = a.Weight(l, f), wb = b.Weight(l, f);
      EXPECT_EQ(std::memcmp(&wa, &wb, sizeof wa), 0) << "label " << l << ", feature " << f;
    }
  }
  SparseVec x(m.num_features());
  for (int32_t f = 0; f < m.num_features(); ++f) x.insertBack(f) = 0.1f + 0.37f * static_cast<float>(f);
  std::vector<float> ra(m.labels.size()), rb(m.labels.size());
  a.Raw(x, ra.data());
  b.Raw(x, rb.data());
  EXPECT_EQ(std::memcmp(ra.data(), rb.data(), ra.size() * sizeof(float)), 0);
}

TEST(Scorer, InterleavedWeightsGiveTheSameScorer) {
  const ModelData m = SixLabels();
  const Scorer reference(m);
  const ModelData im = Interleaved(m);
  ExpectSameScorer(Scorer(im), reference, m);  // copied
  ModelData taken = im;
  const Scorer packed(taken, Scorer::kTakeWeights);  // packed in place
  ExpectSameScorer(packed, reference, m);
  EXPECT_FALSE(taken.interleaved.used);
  EXPECT_EQ(taken.interleaved.words.size(), 0u);
  EXPECT_TRUE(taken.col_ptr.empty());
  ModelData separate = m;
  const Scorer copied(separate, Scorer::kTakeWeights);  // the separate arrays: copied, released
  ExpectSameScorer(copied, reference, m);
  EXPECT_TRUE(separate.row_idx.empty() && separate.values.empty() && separate.col_ptr.empty());
  // One label (every non-empty column dense) and a single-label column in a wide model.
  ModelData one;
  one.labels = {"x"};
  one.col_ptr = {0, 1, 1, 2};
  one.row_idx = {0, 0};
  one.values = {2.5f, -1.0f};
  one.idf.assign(3, 1.0f);
  one.bias = {0.0f};
  ModelData one_taken = Interleaved(one);
  ExpectSameScorer(Scorer(one_taken, Scorer::kTakeWeights), Scorer(one), one);
}

}  // namespace
}  // namespace topica::internal
