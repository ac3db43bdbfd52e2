// Term keys and TF-IDF numbers against hand-computed values.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "feature_space.h"
#include "model.h"
#include "term_extractor.h"
#include "term_hash.h"
#include "test_util.h"

namespace topica::internal {
namespace {

ModelData TinyModel() {
  Result<ModelData> m = ParseModel(testing::ReadFixture("tiny_model.json"));
  EXPECT_TRUE(m.ok()) << m.status().message();
  return std::move(m).value();
}

// Collects (term text, key) of every term occurrence.
std::vector<std::pair<std::string, uint64_t>> Terms(const TermExtractor& ex, std::string_view text) {
  TokenBuffer doc;
  ex.Tokenize(text, &doc);
  std::vector<std::pair<std::string, uint64_t>> out;
  ex.ForEachTerm(doc, [&](uint64_t key, const TermRef& ref) { out.emplace_back(ex.TermText(doc, ref), key); });
  return out;
}

TEST(TermHash, PinnedValues) {
  // poly("a") = 'a' + 1 = 98; key = fmix64(98). Pinned so a change is noticed.
  PolyHash p;
  p.Add(static_cast<uint8_t>('a'));
  EXPECT_EQ(p.h, 98u);
  EXPECT_EQ(p.pw, kPolyPrime);
  EXPECT_EQ(TermKey("a"), Fmix64(98));
  EXPECT_EQ(Fmix64(0), 0u);
  EXPECT_EQ(Fmix64(1), 0xB456BCFC34C2CB2CULL);
  // Concatenation law: poly("ab") from poly("a") and poly("b").
  PolyHash a, b, ab;
  a.Add("a");
  b.Add("b");
  ab.Add("ab");
  EXPECT_EQ(a.Then(b).h, ab.h);
  EXPECT_EQ(a.Then(b).pw, ab.pw);
}

TEST(TermExtractor, WordNgramsKeysMatchTheirText) {
  FeatureSettings f;
  f.word_ngram_min = 1;
  f.word_ngram_max = 3;
  TermExtractor ex(TokenizerOptions{}, f);
  auto terms = Terms(ex, "New York talks");
  std::vector<std::string> texts;
  for (const auto& [text, key] : terms) {
    texts.push_back(text);
    EXPECT_EQ(key, TermKey(text)) << text;  // a vocabulary term finds its n-gram
  }
  EXPECT_EQ(texts, (std::vector<std::string>{"new", "york", "new york", "talks", "york talks",
                                             "new york talks"}));
}

TEST(TermExtractor, CharNgramsArePaddedAndPrefixed) {
  FeatureSettings f;
  f.char_ngram_min = 2;
  f.char_ngram_max = 3;
  TermExtractor ex(TokenizerOptions{}, f);
  auto terms = Terms(ex, "Abc é");
  std::vector<std::string> texts;
  for (const auto& [text, key] : terms) {
    texts.push_back(text);
    EXPECT_EQ(key, TermKey(text)) << text;
  }
  EXPECT_EQ(texts, (std::vector<std::string>{"#<a", "#ab", "#bc", "#c>", "#<ab", "#abc", "#bc>",
                                             "#<é", "#é>", "#<é>"}));
}

// Char n-gram keys come from prefix hashes (poly(b..e) = prefix[e] - prefix[b] * P^(e-b)), not
// from hashing each n-gram's bytes: every key must still equal TermKey of the n-gram's text, for
// multi-byte code points, every n-gram length, and tokens too long for the stack arrays.
TEST(TermExtractor, CharNgramKeysEqualTheirTextsKeys) {
  FeatureSettings f;
  f.char_ngram_min = 1;
  f.char_ngram_max = 7;
  TermExtractor ex(TokenizerOptions{}, f);
  std::string long_word;
  for (int i = 0; i < 60; ++i) long_word += i % 3 ? "x" : "\xc3\xa9";  // 80 bytes: the heap path
  const std::string text = "a Zürich \xe4\xb8\xad\xe6\x96\x87 na\xc3\xafve " + long_word +
                           " \xf0\x9f\x98\x80ok";
  size_t n = 0, longest = 0;
  for (const auto& [term, key] : Terms(ex, text)) {
    EXPECT_EQ(key, TermKey(term)) << term;
    longest = std::max(longest, term.size());
    ++n;
  }
  // Word unigrams plus every char n-gram of every padded token: "<a>" alone has 3 + 2 + 1.
  EXPECT_GT(n, 250u);
  EXPECT_GE(longest, 8u);  // "#" + 7 code points, some of them two bytes
}

// Classify's tokenizing keeps only hashes and spans unless char n-grams read the text; the
// hashes, spans and so every key are the same either way.
TEST(TermExtractor, TokenTextIsKeptOnlyWhenNeeded) {
  const std::string text = "Sanctions on Zürich's banks, again";
  for (int32_t char_min : {0, 3}) {
    FeatureSettings f;
    f.word_ngram_min = 1;
    f.word_ngram_max = 2;
    f.char_ngram_min = char_min;
    f.char_ngram_max = char_min;
    TermExtractor ex(TokenizerOptions{}, f);
    TokenBuffer kept, lean;
    ex.Tokenize(text, &kept);
    ex.Tokenize(text, &lean, TokenText::kIfNeeded);
    ASSERT_EQ(kept.tokens.size(), 5u);
    ASSERT_EQ(lean.tokens.size(), kept.tokens.size());
    for (size_t i = 0; i < kept.tokens.size(); ++i) {
      EXPECT_EQ(lean.tokens[i].hash.h, kept.tokens[i].hash.h);
      EXPECT_EQ(lean.tokens[i].begin, kept.tokens[i].begin);
      EXPECT_EQ(lean.tokens[i].end, kept.tokens[i].end);
      EXPECT_EQ(lean.Text(lean.tokens[i]), char_min > 0 ? kept.Text(kept.tokens[i]) : "");
    }
    EXPECT_EQ(kept.Text(kept.tokens[2]), "zürich");
    std::vector<uint64_t> a, b;
    ex.ForEachTerm(kept, [&](uint64_t key, const TermRef&) { a.push_back(key); });
    ex.ForEachTerm(lean, [&](uint64_t key, const TermRef&) { b.push_back(key); });
    EXPECT_EQ(a, b);
    EXPECT_GT(a.size(), 8u);
  }
}

TEST(FeatureSpace, TfIdfMatchesHandComputation) {
  const ModelData m = TinyModel();
  Result<FeatureSpace> space = FeatureSpace::Build(m);
  ASSERT_TRUE(space.ok());
  FeatureScratch scratch;
  SparseVec x;
  // terms: army (idf 1), embargo (idf 2), sanctions (1.5), troops (1).
  // "army army embargo unknown": tf(army) = 2 -> 1 + ln 2; tf(embargo) = 1 -> 1.
  space->Vectorize("Army army EMBARGO unknown", &scratch, &x);
  const double army = (1.0 + std::log(2.0)) * 1.0;
  const double embargo = 1.0 * 2.0;
  const double norm = std::sqrt(army * army + embargo * embargo);
  ASSERT_EQ(x.nonZeros(), 2);
  // army = 1.693147, embargo = 2, norm = sqrt(2.866747 + 4) = 2.620448
  EXPECT_NEAR(x.coeff(0), army / norm, 1e-6);
  EXPECT_NEAR(x.coeff(1), embargo / norm, 1e-6);
  EXPECT_NEAR(x.coeff(0), 0.646129, 1e-6);
  EXPECT_NEAR(x.coeff(1), 0.763228, 1e-6);
  EXPECT_EQ(x.coeff(2), 0.0f);
}

TEST(FeatureSpace, SortFeatureIdsMatchesStdSort) {
  // Every pass count (limits of 1 to 31 bits), short and long lists, repeats, extremes.
  uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state >> 33);
  };
  std::vector<int32_t> tmp;
  for (uint32_t limit : {1u, 2u, 100u, 2048u, 2049u, 389116u, 1u << 22, (1u << 22) + 1, 0x7FFFFFFFu}) {
    for (size_t n : {0u, 1u, 63u, 64u, 65u, 700u, 5000u}) {
      std::vector<int32_t> ids(n);
      for (size_t i = 0; i < n; ++i) ids[i] = static_cast<int32_t>(next() % limit);
      if (n > 2) ids[0] = static_cast<int32_t>(limit - 1), ids[1] = 0, ids[2] = ids[n / 2];
      std::vector<int32_t> want = ids;
      std::sort(want.begin(), want.end());
      SortFeatureIds(limit, &ids, &tmp);
      EXPECT_EQ(ids, want) << "limit " << limit << ", " << n << " ids";
    }
  }
}

TEST(FeatureSpace, LongTextsCountEveryFeatureOnce) {
  // 3,000 terms and a text of 4,000 words drawn from them (and words not in the model): the
  // vector has each term once, ids ascending, with tf-idf from its true count.
  ModelData m = TinyModel();
  std::vector<std::string> words;
  for (int i = 0; i < 3000; ++i) words.push_back("w" + std::to_string(i));
  m.terms = words;
  std::sort(m.terms.begin(), m.terms.end());
  m.idf.resize(m.terms.size());
  for (size_t i = 0; i < m.idf.size(); ++i) m.idf[i] = 1.0f + 0.001f * static_cast<float>(i);
  Result<FeatureSpace> space = FeatureSpace::Build(m);
  ASSERT_TRUE(space.ok()) << space.status().message();
  std::map<int32_t, int> count;
  std::string text;
  uint64_t state = 7;
  for (int i = 0; i < 4000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const size_t w = (state >> 33) % (words.size() + 500);
    if (w < words.size()) {
      ++count[static_cast<int32_t>(std::lower_bound(m.terms.begin(), m.terms.end(), words[w]) - m.terms.begin())];
      text += words[w] + " ";
    } else {
      text += "unknown" + std::to_string(w) + " ";
    }
  }
  FeatureScratch scratch;
  SparseVec x;
  space->Vectorize(text, &scratch, &x);
  ASSERT_EQ(static_cast<size_t>(x.nonZeros()), count.size());
  double norm2 = 0.0;
  for (const auto& [id, c] : count) {
    const double v = (1.0 + std::log(static_cast<double>(c))) * m.idf[id];
    norm2 += v * v;
  }
  int32_t k = 0;
  for (const auto& [id, c] : count) {
    ASSERT_EQ(x.innerIndexPtr()[k], id);
    const double v = (1.0 + std::log(static_cast<double>(c))) * m.idf[id];
    EXPECT_NEAR(x.valuePtr()[k], v / std::sqrt(norm2), 1e-6) << m.terms[id];
    ++k;
  }
}

TEST(FeatureSpace, RawCountsWithoutSublinearTf) {
  ModelData m = TinyModel();
  m.features.sublinear_tf = false;
  Result<FeatureSpace> space = FeatureSpace::Build(m);
  ASSERT_TRUE(space.ok());
  FeatureScratch scratch;
  SparseVec x;
  space->Vectorize("troops troops troops sanctions", &scratch, &x);
  // troops: 3 * 1 = 3; sanctions: 1 * 1.5 = 1.5; norm = sqrt(9 + 2.25) = 3.354102
  EXPECT_NEAR(x.coeff(3), 3.0 / std::sqrt(11.25), 1e-6);
  EXPECT_NEAR(x.coeff(2), 1.5 / std::sqrt(11.25), 1e-6);
}

TEST(FeatureSpace, EmptyAndUnknownTextsGiveZeroVectors) {
  const ModelData m = TinyModel();
  Result<FeatureSpace> space = FeatureSpace::Build(m);
  ASSERT_TRUE(space.ok());
  FeatureScratch scratch;
  SparseVec x;
  space->Vectorize("", &scratch, &x);
  EXPECT_EQ(x.nonZeros(), 0);
  space->Vectorize("nothing known here", &scratch, &x);
  EXPECT_EQ(x.nonZeros(), 0);
}

TEST(FeatureSpace, HashingMapsKeysToBuckets) {
  ModelData m = TinyModel();
  m.features.mapping = FeatureMapping::kHashing;
  m.features.hash_buckets = 1u << 20;
  m.terms.clear();
  // The buckets of "army" and "troops", ascending, as the model's two features.
  uint32_t b_army = static_cast<uint32_t>(TermKey("army") % m.features.hash_buckets);
  uint32_t b_troops = static_cast<uint32_t>(TermKey("troops") % m.features.hash_buckets);
  ASSERT_NE(b_army, b_troops);
  m.buckets = {std::min(b_army, b_troops), std::max(b_army, b_troops)};
  m.idf = {1.0f, 1.0f};
  m.col_ptr = {0, 1, 2};
  m.row_idx = {0, 0};
  m.values = {1.0f, 1.0f};
  m.self_test.clear();
  ASSERT_TRUE(ValidateModel(m).ok()) << ValidateModel(m).message();
  Result<FeatureSpace> space = FeatureSpace::Build(m);
  ASSERT_TRUE(space.ok());
  EXPECT_EQ(space->FeatureOf(TermKey("army")), b_army < b_troops ? 0 : 1);
  EXPECT_EQ(space->FeatureOf(TermKey("troops")), b_army < b_troops ? 1 : 0);
  FeatureScratch scratch;
  SparseVec x;
  space->Vectorize("troops and army", &scratch, &x);
  EXPECT_EQ(x.nonZeros(), 2);
}

TEST(FeatureSpace, KeysFirstThenTableIsTheSameSpace) {
  const ModelData m = TinyModel();
  Result<FeatureSpace> whole = FeatureSpace::Build(m);
  ASSERT_TRUE(whole.ok());
  ModelData taken = m;
  FeatureKeys keys = FeatureSpace::TakeKeys(&taken);
  EXPECT_TRUE(taken.terms.empty());
  ASSERT_EQ(keys.keys.size(), m.terms.size());
  FeatureSpace space(taken);
  EXPECT_EQ(space.FeatureOf(TermKey(m.terms[0])), -1);  // no table yet
  ASSERT_TRUE(space.BuildTable(std::move(keys)).ok());
  for (size_t id = 0; id < m.terms.size(); ++id) {
    EXPECT_EQ(space.FeatureOf(TermKey(m.terms[id])), static_cast<int32_t>(id));
    EXPECT_EQ(space.FeatureOf(TermKey(m.terms[id])), whole->FeatureOf(TermKey(m.terms[id])));
  }
  EXPECT_EQ(space.FeatureOf(TermKey("not a term")), -1);
}

TEST(FeatureSpace, RepeatedKeyNamesTheTerm) {
  // Two terms with one key cannot be made with a 64-bit hash; the check is on the keys, and a
  // repeat is always among the suspects whose text TakeKeys keeps.
  ModelData m = TinyModel();
  FeatureKeys keys = FeatureSpace::TakeKeys(&m);
  keys.keys[2] = keys.keys[0];
  keys.suspects = {{2, "sanctions"}};
  FeatureSpace space(m);
  const Status st = space.BuildTable(std::move(keys));
  EXPECT_EQ(st.code(), StatusCode::kDataLoss);
  EXPECT_EQ(st.message(), "model.features.terms[2]: term 'sanctions' has the same feature key as an earlier term");
  // Many terms: every repeat is a suspect, and most terms are not.
  ModelData big = TinyModel();
  big.terms.clear();
  for (int i = 0; i < 20000; ++i) big.terms.push_back("t" + std::to_string(i));
  big.terms.push_back("t7");  // a real repeat
  big.idf.assign(big.terms.size(), 1.0f);
  FeatureKeys k = FeatureSpace::TakeKeys(&big);
  bool found = false;
  for (const auto& [id, text] : k.suspects) found |= id == 20000 && text == "t7";
  EXPECT_TRUE(found);
  EXPECT_LT(k.suspects.size(), 20000u / 8);
  FeatureSpace big_space(big);
  EXPECT_EQ(big_space.BuildTable(std::move(k)).message(),
            "model.features.terms[20000]: term 't7' has the same feature key as an earlier term");
}

}  // namespace
}  // namespace topica::internal
