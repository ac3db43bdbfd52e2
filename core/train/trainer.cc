// Train(): documents -> features -> one binary linear model per label -> calibration and
// thresholds from out-of-fold scores -> a validated, self-tested model file.
#include "topica/trainer.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "calibration.h"
#include "feature_fit.h"
#include "feature_space.h"
#include "model.h"
#include "model_writer.h"
#include "rng.h"
#include "scorer.h"
#include "solver.h"
#include "status_macros.h"
#include "topica/classifier.h"
#include "topica/evaluate.h"
#include "topica/version.h"

namespace topica {
namespace {

using internal::FeatureScratch;
using internal::FeatureSpace;
using internal::ModelData;
using internal::SparseVec;
using nlohmann::json;
using train::SparseRows;

Status Invalid(const std::string& what) { return Status(StatusCode::kInvalidArgument, what); }

std::string Where(const Document& d) {
  return "document " + (d.id.empty() ? std::to_string(d.line) : "'" + d.id + "'") +
         (d.line > 0 ? " (line " + std::to_string(d.line) + ")" : "");
}

// Labels (sorted) and the task.
Status ResolveLabels(const std::vector<Document>& docs, TaskChoice choice, Task* task,
                     std::vector<std::string>* labels) {
  std::set<std::string> all;
  bool single = true;
  for (const Document& d : docs) {
    if (d.labels.size() != 1) single = false;
    for (const std::string& l : d.labels) {
      if (l.empty()) return Invalid(Where(d) + ": empty label");
      all.insert(l);
    }
  }
  if (all.empty()) return Invalid("the training data has no labels");
  *task = choice == TaskChoice::kAuto ? (single ? Task::kMultiClass : Task::kMultiLabel)
          : choice == TaskChoice::kMultiClass ? Task::kMultiClass
                                              : Task::kMultiLabel;
  if (*task == Task::kMultiClass) {
    for (const Document& d : docs) {
      if (d.labels.size() != 1) {
        return Invalid(Where(d) + ": multiclass training needs exactly one label per document, got " +
                       std::to_string(d.labels.size()) + " (use --task multilabel)");
      }
    }
    if (all.size() < 2) return Invalid("multiclass training needs at least 2 labels, the data has 1");
  }
  labels->assign(all.begin(), all.end());
  return Status::Ok();
}

// The documents' tf-idf rows, from their term counts, with columns renumbered by `column`
// (model feature id -> training column). Training numbers columns by document frequency, most
// frequent first, so the weights the solver touches on nearly every row share a few cache
// lines. The values come from FeatureSpace::Weigh, as at inference.
SparseRows Vectorize(const train::DocumentTerms& terms, const FeatureSpace& space,
                     const std::vector<int32_t>& column, const ProgressFn& progress) {
  const size_t docs = terms.offsets.size() - 1;
  constexpr int64_t kAhead = 8;
  std::vector<int32_t> outer(docs + 1, 0);
  std::vector<int32_t> inner;
  std::vector<float> values;
  inner.reserve(terms.keys.size());
  values.reserve(terms.keys.size());
  std::vector<internal::FeatureCount> counts;
  SparseVec x;
  std::vector<std::pair<int32_t, float>> row;
  for (size_t d = 0; d < docs; ++d) {
    counts.clear();
    const int64_t end = terms.offsets[d + 1];
    for (int64_t i = terms.offsets[d]; i < end; ++i) {
      if (i + kAhead < end) space.PrefetchFeature(terms.keys[i + kAhead]);
      const int32_t id = space.FeatureOf(terms.keys[i]);
      if (id >= 0) counts.push_back({id, terms.counts[i]});
    }
    // Hashing models map several keys to one bucket: add their counts up.
    std::sort(counts.begin(), counts.end(),
              [](const internal::FeatureCount& a, const internal::FeatureCount& b) { return a.id < b.id; });
    size_t merged = 0;
    for (size_t i = 0; i < counts.size(); ++i) {
      if (merged > 0 && counts[merged - 1].id == counts[i].id) counts[merged - 1].count += counts[i].count;
      else counts[merged++] = counts[i];
    }
    counts.resize(merged);
    space.Weigh(counts, &x);
    row.clear();
    for (SparseVec::InnerIterator it(x); it; ++it) row.emplace_back(column[it.index()], it.value());
    std::sort(row.begin(), row.end());
    for (const auto& [c, v] : row) {
      inner.push_back(c);
      values.push_back(v);
    }
    outer[d + 1] = static_cast<int32_t>(inner.size());
    if (progress && (d % 256 == 0)) progress("vectorizing", static_cast<double>(d) / docs);
  }
  SparseRows rows(static_cast<Eigen::Index>(docs), space.num_features());
  rows.resizeNonZeros(static_cast<Eigen::Index>(inner.size()));
  std::copy(outer.begin(), outer.end(), rows.outerIndexPtr());
  std::copy(inner.begin(), inner.end(), rows.innerIndexPtr());
  std::copy(values.begin(), values.end(), rows.valuePtr());
  return rows;
}

// Folds: multiclass documents are dealt class by class (stratified), others in one deck.
std::vector<int32_t> AssignFolds(const std::vector<int32_t>& klass, int32_t folds, uint64_t seed) {
  const int32_t n = static_cast<int32_t>(klass.size());
  std::vector<int32_t> order(n);
  for (int32_t i = 0; i < n; ++i) order[i] = i;
  train::Rng rng(seed ^ 0x5EEDF01D5ULL);
  rng.Shuffle(order);
  std::stable_sort(order.begin(), order.end(),
                   [&](int32_t a, int32_t b) { return klass[a] < klass[b]; });
  std::vector<int32_t> fold(n);
  for (int32_t i = 0; i < n; ++i) fold[order[i]] = i % folds;
  return fold;
}

// `v` rounded to `digits` significant decimal digits (0: unchanged), by arithmetic: printing
// and re-reading millions of weights would dominate the time to write a model.
// The powers of ten it scales by, each computed once by the same std::pow call.
double PowerOfTen(int k) {
  constexpr int kMin = -400;
  constexpr int kMax = 400;
  static const std::vector<double> table = [] {
    std::vector<double> t;
    for (int i = kMin; i <= kMax; ++i) t.push_back(std::pow(10.0, i));
    return t;
  }();
  return k >= kMin && k <= kMax ? table[static_cast<size_t>(k - kMin)] : std::pow(10.0, k);
}

float RoundDigits(float v, int32_t digits) {
  if (digits <= 0 || v == 0.0f || !std::isfinite(v)) return v;
  const int exponent = static_cast<int>(std::floor(std::log10(std::fabs(static_cast<double>(v)))));
  const double scale = PowerOfTen(digits - 1 - exponent);
  return static_cast<float>(std::nearbyint(static_cast<double>(v) * scale) / scale);
}

// Removes the features left without any weight (all pruned): they only change the length of
// the tf-idf vector, so dropping them makes the model smaller at a small change in scores
// (calibration and thresholds were fitted with them).
void DropUnweightedFeatures(ModelData* m) {
  const int32_t F = m->num_features();
  const bool vocab = m->features.mapping == internal::FeatureMapping::kVocabulary;
  int32_t kept = 0;
  for (int32_t f = 0; f < F; ++f) {
    if (m->col_ptr[f + 1] == m->col_ptr[f]) continue;
    if (kept != f) {
      if (vocab) m->terms[kept] = std::move(m->terms[f]);
      else m->buckets[kept] = m->buckets[f];
    }
    m->idf[kept] = m->idf[f];
    m->col_ptr[kept + 1] = m->col_ptr[f + 1];
    ++kept;
  }
  if (vocab) m->terms.resize(kept);
  else m->buckets.resize(kept);
  m->idf.resize(kept);
  m->col_ptr.resize(kept + 1);
}

// The raw scores w . x_i + bias of the rows `rows` under one model, into out[i * stride].
// Each score is summed in float from the bias, over the row's entries in storage order; four
// rows are summed side by side (four independent chains of additions, each in that order,
// so the same bits as one row at a time) while they all have entries left.
void ScoreRows(const SparseRows& x, const std::vector<int32_t>& rows, const train::BinaryModel& m,
               float* out, size_t stride) {
  const int32_t* outer = x.outerIndexPtr();
  const int32_t* inner = x.innerIndexPtr();
  const float* value = x.valuePtr();
  const float* w = m.w.data();
  const size_t n = rows.size();
  size_t r = 0;
  for (; r + 4 <= n; r += 4) {
    int32_t k[4], e[4];
    float s[4];
    for (int j = 0; j < 4; ++j) {
      k[j] = outer[rows[r + j]];
      e[j] = outer[rows[r + j] + 1];
      s[j] = m.bias;
    }
    int32_t common = e[0] - k[0];
    for (int j = 1; j < 4; ++j) common = std::min(common, e[j] - k[j]);
    for (int32_t t = 0; t < common; ++t) {
      s[0] += w[inner[k[0] + t]] * value[k[0] + t];
      s[1] += w[inner[k[1] + t]] * value[k[1] + t];
      s[2] += w[inner[k[2] + t]] * value[k[2] + t];
      s[3] += w[inner[k[3] + t]] * value[k[3] + t];
    }
    for (int j = 0; j < 4; ++j) {
      for (int32_t q = k[j] + common; q < e[j]; ++q) s[j] += w[inner[q]] * value[q];
      out[static_cast<size_t>(rows[r + j]) * stride] = s[j];
    }
  }
  for (; r < n; ++r) {
    float s = m.bias;
    for (int32_t q = outer[rows[r]]; q < outer[rows[r] + 1]; ++q) s += w[inner[q]] * value[q];
    out[static_cast<size_t>(rows[r]) * stride] = s;
  }
}

const char* kProbeTexts[] = {
    "Foreign ministers met in Gen\xC3\xA8ve for talks on sanctions, trade and the nuclear deal; "
    "Kim\xE2\x80\x99s envoy left early as troops massed on the border.",
    "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 \xD0\xB8 \xD0\x9A\xD0\xB8\xD0\xB5\xD0\xB2: "
    "\xE5\x8C\x97\xE4\xBA\xAC\xE5\x9B\xBD\xE9\x99\x85\xE5\x85\xB3\xE7\xB3\xBB "
    "\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1 caf\xC3\xA9 2024!",
    "",
};


// One training run. `reported` is the configuration the caller asked for, recorded in the
// model's training summary (a refit's second run differs from it in its vocabulary settings).
Result<TrainedModel> TrainOnce(const std::vector<Document>& docs, const TrainConfig& config,
                               const TrainConfig& reported, const ProgressFn& progress) {
  if (docs.empty()) return Invalid("no training documents");
  Task task;
  std::vector<std::string> labels;
  TOPICA_TRY(ResolveLabels(docs, config.task, &task, &labels));
  const int32_t L = static_cast<int32_t>(labels.size());
  const int32_t n = static_cast<int32_t>(docs.size());
  std::map<std::string, int32_t> index;
  for (int32_t l = 0; l < L; ++l) index[labels[l]] = l;
  for (const auto& [label, w] : config.label_weights) {
    if (index.count(label) == 0) return Invalid("label weight for '" + label + "': no such label in the training data");
  }

  // Targets: y[l][i] in {-1, +1}; klass[i] = class (multiclass) or 0.
  std::vector<std::vector<int8_t>> y(L, std::vector<int8_t>(n, -1));
  std::vector<int32_t> klass(n, 0);
  std::vector<int64_t> positives(L, 0);
  for (int32_t i = 0; i < n; ++i) {
    for (const std::string& l : docs[i].labels) {
      const int32_t li = index[l];
      if (y[li][i] < 0) ++positives[li];
      y[li][i] = 1;
      klass[i] = li;
    }
  }

  // Features.
  ModelData m;
  m.producer = std::string("topica ") + Version();
  m.name = config.name;
  m.task = task;
  m.labels = labels;
  m.tokenizer = {config.lowercase, config.strip_accents, config.unspaced_bigrams};
  m.unicode_version = internal::UnicodeVersion();
  m.features.word_ngram_min = config.word_ngram_min;
  m.features.word_ngram_max = config.word_ngram_max;
  m.features.char_ngram_min = config.char_ngram_min;
  m.features.char_ngram_max = config.char_ngram_max;
  m.features.sublinear_tf = config.sublinear_tf;
  if (config.hash_bits > 0) {
    m.features.mapping = internal::FeatureMapping::kHashing;
    m.features.hash_buckets = 1u << config.hash_bits;
  }
  if (progress) progress("counting terms", 0.0);
  train::DocumentTerms doc_terms;
  train::FitFeatures(docs, {config.min_df, config.max_df, config.max_features, &config.vocabulary},
                     &m, &doc_terms);
  if (m.idf.empty()) {
    return Invalid("no term occurs in at least min_df=" + std::to_string(config.min_df) +
                   " documents; lower min_df or add documents");
  }
  for (float& v : m.idf) v = RoundDigits(v, config.significant_digits);
  Result<FeatureSpace> space = FeatureSpace::Build(m);
  if (!space.ok()) return space.status();
  const int32_t F = space->num_features();
  std::vector<int32_t> column(F);  // feature id -> training column, by idf (= df order)
  {
    std::vector<int32_t> by_df(F);
    for (int32_t f = 0; f < F; ++f) by_df[f] = f;
    std::stable_sort(by_df.begin(), by_df.end(), [&](int32_t a, int32_t b) { return m.idf[a] < m.idf[b]; });
    for (int32_t c = 0; c < F; ++c) column[by_df[c]] = c;
  }
  const SparseRows x = Vectorize(doc_terms, *space, column, progress);
  doc_terms = train::DocumentTerms();

  // Per-label solver options.
  const std::vector<double> row_sq_norms = train::RowSquaredNorms(x);
  std::vector<train::BinaryOptions> options(L);
  for (int32_t l = 0; l < L; ++l) {
    train::BinaryOptions& o = options[l];
    o.loss = config.loss == LossChoice::kLogistic ? train::Loss::kLogistic : train::Loss::kSquaredHinge;
    o.c = config.c;
    o.tolerance = config.tolerance;
    o.max_iterations = config.max_iterations;
    o.seed = config.seed + static_cast<uint64_t>(l);
    o.row_sq_norms = &row_sq_norms;
    const double pos = static_cast<double>(positives[l]);
    if (config.balanced && pos > 0 && pos < n) {
      o.weight_pos = n / (2.0 * pos);
      o.weight_neg = n / (2.0 * (n - pos));
    }
    if (auto it = config.label_weights.find(labels[l]); it != config.label_weights.end()) {
      o.weight_pos *= it->second;
    }
  }

  // Out-of-fold raw scores for calibration and thresholds.
  const int32_t K = std::min<int32_t>(config.folds, n);
  const std::vector<int32_t> fold = AssignFolds(klass, std::max(K, 1), config.seed);
  std::vector<float> oof(static_cast<size_t>(n) * L, 0.0f);
  const double total_fits = static_cast<double>(L) * ((task == Task::kMultiClass ? std::min(K, 1) : K) + 1);
  double fits = 0;
  int32_t not_converged = 0;
  // Final models on all documents, first: their dual solutions warm-start the folds.
  std::vector<train::BinaryModel> final_models(L);
  for (int32_t l = 0; l < L; ++l) {
    final_models[l] = train::TrainBinary(x, y[l], {}, options[l]);
    not_converged += final_models[l].converged ? 0 : 1;
    if (progress) progress("training", ++fits / total_fits);
  }
  // Multi-label thresholds and Platt scaling need out-of-fold scores for every document (rare
  // labels have few positives). A multiclass model only fits one temperature: one held-out
  // fold (1/K of the documents) is plenty, at 1/K of the cost.
  const int32_t folds_scored = task == Task::kMultiClass ? std::min(K, 1) : K;
  std::vector<uint8_t> scored(static_cast<size_t>(n), K >= 2 ? 0 : 1);
  if (K >= 2) {
    for (int32_t k = 0; k < folds_scored; ++k) {
      std::vector<int32_t> train_rows, test_rows;
      for (int32_t i = 0; i < n; ++i) (fold[i] == k ? test_rows : train_rows).push_back(i);
      // Each fold model scores the held-out rows as soon as it is trained (its weights are
      // still in cache), and is then dropped.
      for (int32_t l = 0; l < L; ++l) {
        const train::BinaryModel fm =
            train::TrainBinary(x, y[l], train_rows, options[l], &final_models[l].alpha);
        if (progress) progress("cross-validation", ++fits / total_fits);
        ScoreRows(x, test_rows, fm, oof.data() + l, static_cast<size_t>(L));
      }
      for (int32_t i : test_rows) scored[i] = 1;
    }
  }
  for (auto& fm : final_models) fm.alpha = std::vector<double>();

  // Calibration and thresholds.
  if (progress) progress("calibrating", 0.0);
  std::vector<std::vector<int32_t>> truth(n), predicted(n);
  for (int32_t i = 0; i < n; ++i) {
    for (int32_t l = 0; l < L; ++l) {
      if (y[l][i] > 0) truth[i].push_back(l);
    }
  }
  if (task == Task::kMultiLabel) {
    m.calibration.method = internal::CalibrationMethod::kPlatt;
    std::vector<float> scores(n), probs(n);
    for (int32_t l = 0; l < L; ++l) {
      for (int32_t i = 0; i < n; ++i) scores[i] = oof[static_cast<size_t>(i) * L + l];
      train::Platt p = train::FitPlatt(scores, y[l]);
      if (!(p.a > 0.0f)) p = train::Platt{};  // no signal out of fold: plain sigmoid of the score
      for (int32_t i = 0; i < n; ++i) {
        const double z = static_cast<double>(p.a) * scores[i] + p.b;
        probs[i] = static_cast<float>(1.0 / (1.0 + std::exp(-z)));
      }
      // The solver's own boundary (raw score 0), unless the label has enough positives for an
      // out-of-fold F1-optimal threshold to be trusted.
      float t = static_cast<float>(1.0 / (1.0 + std::exp(-static_cast<double>(p.b))));
      if (positives[l] >= config.tune_threshold_min_positives) t = train::TuneThreshold(probs, y[l]);
      m.calibration.a.push_back(p.a);
      m.calibration.b.push_back(p.b);
      m.thresholds.push_back(std::min(1.0f, std::max(0.0f, t)));
      for (int32_t i = 0; i < n; ++i) {
        if (probs[i] >= m.thresholds.back()) predicted[i].push_back(l);
      }
    }
  } else {
    m.calibration.method = internal::CalibrationMethod::kSoftmaxTemperature;
    std::vector<float> held_out;
    std::vector<int32_t> held_out_class;
    std::vector<std::vector<int32_t>> held_truth, held_predicted;
    for (int32_t i = 0; i < n; ++i) {
      if (!scored[i]) continue;
      const float* row = &oof[static_cast<size_t>(i) * L];
      held_out.insert(held_out.end(), row, row + L);
      held_out_class.push_back(klass[i]);
      held_truth.push_back(truth[i]);
      held_predicted.push_back({static_cast<int32_t>(std::max_element(row, row + L) - row)});
    }
    m.calibration.temperature = train::FitTemperature(held_out, L, held_out_class);
    truth = std::move(held_truth);
    predicted = std::move(held_predicted);
  }
  const EvalReport cv = ComputeMetrics(task, labels, truth, predicted);

  // Weights, column by column, dropping |w| < min_weight. Read from a copy laid out column by
  // column (the labels' weights for one column side by side): columns are visited in feature
  // order, which is not the training column order, so reading the per-label vectors directly
  // would miss the cache on almost every weight.
  // The copy is written in blocks of columns small enough to stay in cache while every label
  // fills its slot in them (label by label over all columns, each write was a miss).
  std::vector<float> by_column(static_cast<size_t>(F) * L);
  constexpr int32_t kBlock = 512;
  for (int32_t c0 = 0; c0 < F; c0 += kBlock) {
    const int32_t c1 = std::min(F, c0 + kBlock);
    for (int32_t l = 0; l < L; ++l) {
      const float* w = final_models[l].w.data();
      for (int32_t c = c0; c < c1; ++c) by_column[static_cast<size_t>(c) * L + l] = w[c];
    }
  }
  for (int32_t l = 0; l < L; ++l) final_models[l].w = Eigen::VectorXf();
  m.col_ptr.assign(1, 0);
  for (int32_t f = 0; f < F; ++f) {
    const float* col = &by_column[static_cast<size_t>(column[f]) * L];
    for (int32_t l = 0; l < L; ++l) {
      const float raw_w = col[l];
      // Rounding changes a value by at most a third (1 digit: 0.15 -> 0.2), so anything
      // below 2/3 of min_weight is dropped without rounding it.
      if (std::fabs(raw_w) < config.min_weight * (2.0 / 3.0)) continue;
      const float w = RoundDigits(raw_w, config.significant_digits);
      if (w != 0.0f && std::fabs(w) >= config.min_weight) {
        m.row_idx.push_back(l);
        m.values.push_back(w);
      }
    }
    m.col_ptr.push_back(static_cast<int32_t>(m.values.size()));
  }
  for (int32_t l = 0; l < L; ++l) m.bias.push_back(RoundDigits(final_models[l].bias, config.significant_digits));
  const int32_t fitted_features = F;
  if (config.drop_unweighted_features) DropUnweightedFeatures(&m);

  // Training summary (deterministic: no times, dates or paths).
  json counts = json::object();
  for (int32_t l = 0; l < L; ++l) counts[labels[l]] = positives[l];
  json per_label = json::object();
  for (const LabelMetrics& lm : cv.per_label) per_label[lm.label] = std::round(lm.f1 * 1e4) / 1e4;
  json cfg = {{"c", reported.c},
              {"loss", reported.loss == LossChoice::kLogistic ? "logistic" : "squared_hinge"},
              {"balanced", reported.balanced},
              {"min_df", reported.min_df},
              {"max_df", reported.max_df},
              {"max_features", reported.max_features},
              {"hash_bits", reported.hash_bits},
              {"tolerance", reported.tolerance},
              {"max_iterations", reported.max_iterations},
              {"folds", K},
              {"tune_threshold_min_positives", reported.tune_threshold_min_positives},
              {"seed", reported.seed},
              {"min_weight", reported.min_weight},
              {"significant_digits", reported.significant_digits},
              {"drop_unweighted_features", reported.drop_unweighted_features},
              {"refit_after_pruning", reported.refit_after_pruning},
              {"vocabulary", static_cast<int64_t>(reported.vocabulary.size())}};
  if (!reported.label_weights.empty()) cfg["label_weights"] = reported.label_weights;
  json summary = {{"documents", n},
                  {"features_fitted", fitted_features},
                  {"label_counts", counts},
                  {"config", cfg},
                  {"solver", {{"binary_models", L}, {"not_converged", not_converged}}},
                  {"cross_validation",
                   {{"folds", K},
                    {"folds_scored", folds_scored},
                    {"documents_scored", cv.documents},
                    {"accuracy", std::round(cv.accuracy * 1e4) / 1e4},
                    {"micro_f1", std::round(cv.micro_f1 * 1e4) / 1e4},
                    {"macro_f1", std::round(cv.macro_f1 * 1e4) / 1e4},
                    {"f1", per_label}}}};
  m.training_json = summary.dump();

  // Self-test samples: fixed multi-script probes, plus (vocabulary models) the top terms of
  // the most frequent labels. Scored by the inference code itself.
  std::vector<std::string> probes(std::begin(kProbeTexts), std::end(kProbeTexts));
  if (m.features.mapping == internal::FeatureMapping::kVocabulary) {
    std::vector<int32_t> by_size(L);
    for (int32_t l = 0; l < L; ++l) by_size[l] = l;
    std::stable_sort(by_size.begin(), by_size.end(),
                     [&](int32_t a, int32_t b) { return positives[a] > positives[b]; });
    for (int32_t k = 0; k < std::min<int32_t>(L, 3); ++k) {
      const int32_t l = by_size[k];
      std::vector<std::pair<float, int32_t>> top;
      for (int32_t f = 0; f < m.num_features(); ++f) {
        if (m.terms[f][0] == '#') continue;
        for (int32_t j = m.col_ptr[f]; j < m.col_ptr[f + 1]; ++j) {
          if (m.row_idx[j] == l) top.emplace_back(-m.values[j], f);
        }
      }
      const size_t keep = std::min<size_t>(8, top.size());
      std::partial_sort(top.begin(), top.begin() + keep, top.end());
      std::string text;
      for (size_t t = 0; t < keep; ++t) text += (t ? ". " : "") + m.terms[top[t].second];
      probes.push_back(text);
    }
  }
  {
    if (m.num_features() != fitted_features) space = FeatureSpace::Build(m);
    if (!space.ok()) return space.status();
    internal::Scorer scorer(m);
    FeatureScratch scratch;
    SparseVec v;
    for (const std::string& text : probes) {
      internal::SelfTestSample s;
      s.text = text;
      s.raw.resize(L);
      space->Vectorize(text, &scratch, &v);
      scorer.Raw(v, s.raw.data());
      m.self_test.push_back(std::move(s));
    }
  }

  Result<std::string> text = train::SerializeModel(m);
  if (!text.ok()) return text.status();
  // The model must load, and pass its own self-test, with the code that will serve it.
  Result<Classifier> check = Classifier::FromJson(*text);
  if (!check.ok()) return Status(StatusCode::kInternal, "trained model does not load: " + check.status().message());

  TrainedModel out;
  out.json = std::move(text).value();
  out.task = task;
  out.labels = labels;
  out.num_features = m.num_features();
  out.num_weights = static_cast<int64_t>(m.values.size());
  out.summary_json = m.training_json;
  if (progress) progress("done", 1.0);
  return out;
}

}  // namespace

Result<TrainedModel> Train(const std::vector<Document>& docs, const TrainConfig& config,
                           const ProgressFn& progress) {
  TOPICA_TRY(config.Validate());
  if (!(config.refit_after_pruning && config.drop_unweighted_features && config.hash_bits == 0)) {
    return TrainOnce(docs, config, config, progress);
  }
  // First run: which features keep a weight. Second run: on those features only.
  Result<TrainedModel> pruned = TrainOnce(docs, config, config, progress);
  if (!pruned.ok()) return pruned;
  Result<internal::ModelData> data = internal::ParseModel(pruned->json);
  if (!data.ok()) return Status(StatusCode::kInternal, "refit: " + data.status().message());
  TrainConfig second = config;
  second.vocabulary = std::move(data->terms);
  second.min_df = 1;  // the first run applied the df limits
  second.max_df = 1.0;
  second.max_features = 0;
  return TrainOnce(docs, second, config, progress);
}

}  // namespace topica
