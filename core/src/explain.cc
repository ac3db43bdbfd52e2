#include "explain.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace topica::internal {

Explanation ExplainLabel(const FeatureSpace& space, const Scorer& scorer, const ModelData& model,
                         std::string_view text, int32_t label, int32_t top_terms) {
  const TermExtractor& extractor = space.extractor();
  FeatureScratch scratch;
  SparseVec x;
  space.Vectorize(text, &scratch, &x);

  const int32_t num_labels = scorer.num_labels();
  std::vector<float> raw(num_labels), prob(num_labels);
  scorer.Raw(x, raw.data());
  scorer.Probabilities(raw.data(), prob.data());
  std::vector<int32_t> predicted;
  scorer.Decide(raw.data(), prob.data(), &predicted);

  Explanation e;
  e.label = model.labels[label];
  e.raw_score = raw[label];
  e.bias = model.bias[label];
  e.probability = prob[label];
  e.predicted = std::find(predicted.begin(), predicted.end(), label) != predicted.end();

  // Every occurrence of a known term, grouped by feature id.
  struct Occurrence {
    int32_t id;
    TermRef ref;
  };
  std::vector<Occurrence> occ;
  extractor.ForEachTerm(scratch.doc, [&](uint64_t key, const TermRef& ref) {
    const int32_t id = space.FeatureOf(key);
    if (id >= 0) occ.push_back({id, ref});
  });
  std::stable_sort(occ.begin(), occ.end(),
                   [](const Occurrence& a, const Occurrence& b) { return a.id < b.id; });

  const TokenBuffer& doc = scratch.doc;
  std::vector<float> token_share(doc.tokens.size(), 0.0f);
  std::vector<TermContribution> terms;
  SparseVec::InnerIterator xi(x);
  for (size_t i = 0; i < occ.size();) {
    size_t j = i;
    while (j < occ.size() && occ[j].id == occ[i].id) ++j;
    const int32_t id = occ[i].id;
    while (xi && xi.index() < id) ++xi;
    TermContribution t;
    t.term = extractor.TermText(doc, occ[i].ref);
    t.value = xi.value();
    t.weight = scorer.Weight(label, id);
    t.contribution = t.value * t.weight;
    const float per_occurrence = t.contribution / static_cast<float>(j - i);
    for (size_t k = i; k < j; ++k) {
      const TermRef& r = occ[k].ref;
      for (uint32_t tok = 0; tok < r.n; ++tok) {
        token_share[r.first_token + tok] += per_occurrence / static_cast<float>(r.n);
      }
    }
    terms.push_back(std::move(t));
    i = j;
  }

  std::sort(terms.begin(), terms.end(), [](const TermContribution& a, const TermContribution& b) {
    const float fa = std::fabs(a.contribution), fb = std::fabs(b.contribution);
    if (fa != fb) return fa > fb;
    return a.term < b.term;
  });
  e.total_terms = static_cast<int32_t>(terms.size());
  if (top_terms > 0 && terms.size() > static_cast<size_t>(top_terms)) terms.resize(top_terms);
  e.terms = std::move(terms);

  e.tokens.reserve(doc.tokens.size());
  for (size_t i = 0; i < doc.tokens.size(); ++i) {
    e.tokens.push_back({doc.tokens[i].begin, doc.tokens[i].end, token_share[i]});
  }
  return e;
}

}  // namespace topica::internal
