// Tests for core/src/tokenizer.{h,cc} and the UTF-8/Unicode helpers in core/src/unicode.h.
// Every expected token below is written out by hand from the rules in tokenizer.h.
#include "tokenizer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "unicode.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace topica::internal {
namespace {

using Strings = std::vector<std::string>;

struct Span {
  std::string text;
  uint32_t begin;
  uint32_t end;
  bool operator==(const Span& o) const {
    return text == o.text && begin == o.begin && end == o.end;
  }
};

std::ostream& operator<<(std::ostream& os, const Span& s) {
  return os << "{\"" << s.text << "\", " << s.begin << ", " << s.end << "}";
}

class SpanSink : public TokenSink {
 public:
  void OnToken(std::string_view text, uint32_t begin, uint32_t end) override {
    spans.push_back({std::string(text), begin, end});
  }
  std::vector<Span> spans;
};

TokenizerOptions Opts(bool lowercase, bool strip_accents, bool unspaced_bigrams = true) {
  TokenizerOptions o;
  o.lowercase = lowercase;
  o.strip_accents = strip_accents;
  o.unspaced_bigrams = unspaced_bigrams;
  return o;
}

Strings Tok(std::string_view text, const TokenizerOptions& options = TokenizerOptions()) {
  return Tokenizer(options).Tokens(text);
}

std::vector<Span> Spans(std::string_view text,
                        const TokenizerOptions& options = TokenizerOptions()) {
  SpanSink sink;
  Tokenizer(options).Tokenize(text, sink);
  return sink.spans;
}

// Independent strict UTF-8 validator (Unicode Table 3-7), for the fuzz test.
bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<uint8_t>(s[i]);
    size_t len;
    uint8_t lo = 0x80, hi = 0xBF;
    if (b < 0x80) {
      len = 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto c = static_cast<uint8_t>(s[i + k]);
      if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) return false;
    }
    i += len;
  }
  return true;
}

// ---- Basics --------------------------------------------------------------------------------

TEST(TokenizerTest, EmptyAndSeparatorOnlyInputGiveNoTokens) {
  EXPECT_EQ(Tok(""), Strings{});
  EXPECT_EQ(Tok(" \t\r\n"), Strings{});
  EXPECT_EQ(Tok("... --- !!! ''' ’’"), Strings{});
  EXPECT_EQ(Tok(std::string_view("\0\0", 2)), Strings{});
}

TEST(TokenizerTest, AsciiWordsAreLowercased) {
  EXPECT_EQ(Tok("Hello, World!  The QUICK brown\tfox\njumps."),
            (Strings{"hello", "world", "the", "quick", "brown", "fox", "jumps"}));
  EXPECT_EQ(Tok("snake_case a.b@c.com path/to #tag"),
            (Strings{"snake", "case", "a", "b", "c", "com", "path", "to", "tag"}));
}

TEST(TokenizerTest, LowercaseOffKeepsCase) {
  EXPECT_EQ(Tok("Hello WORLD iPhone", Opts(false, false)), (Strings{"Hello", "WORLD", "iPhone"}));
  EXPECT_EQ(Tok("ΣΟΦΊΑ Москва", Opts(false, false)), (Strings{"ΣΟΦΊΑ", "Москва"}));
}

TEST(TokenizerTest, EmbeddedNulSeparates) {
  EXPECT_EQ(Tok(std::string_view("ab\0cd", 5)), (Strings{"ab", "cd"}));
}

TEST(TokenizerTest, DigitsAreWordCharacters) {
  EXPECT_EQ(Tok("COVID-19 in 2020: 3.14, 1,000 x2 4x4"),
            (Strings{"covid", "19", "in", "2020", "3", "14", "1", "000", "x2", "4x4"}));
  // Other numbers (N*): superscripts, Arabic-Indic digits, Roman numerals (Nl, folded).
  EXPECT_EQ(Tok("x² ٣٤ Ⅻ"), (Strings{"x²", "٣٤", "ⅻ"}));
}

TEST(TokenizerTest, HyphensAndDashesSeparate) {
  EXPECT_EQ(Tok("cease-fire e-mail"), (Strings{"cease", "fire", "e", "mail"}));
  EXPECT_EQ(Tok("well—known en–dash minus−sign non‐breaking‑hyphen"),
            (Strings{"well", "known", "en", "dash", "minus", "sign", "non", "breaking", "hyphen"}));
}

TEST(TokenizerTest, EmojiAndSymbolsSeparate) {
  EXPECT_EQ(Tok("I ❤️ NY"), (Strings{"i", "ny"}));
  EXPECT_EQ(Tok("love❤️you"), (Strings{"love", "you"}));  // U+FE0F after a symbol is no word
  EXPECT_EQ(Tok("😀👍🏽 ok👨‍👩‍👧fine 🇫🇷"), (Strings{"ok", "fine"}));
  EXPECT_EQ(Tok("€100 $5 ©2024 a→b"), (Strings{"100", "5", "2024", "a", "b"}));
}

// ---- Case folding --------------------------------------------------------------------------

TEST(TokenizerTest, FoldsLatinWithAccents) {
  EXPECT_EQ(Tok("ÉCOLE Élève ÀÖØ ÆØÅ"), (Strings{"école", "élève", "àöø", "æøå"}));
  // ẞ (U+1E9E) folds to ß by status S; ß itself has only a full folding, so it stays.
  EXPECT_EQ(Tok("STRAẞE straße"), (Strings{"straße", "straße"}));
  // İ (U+0130) has no C/S folding: UnicodeData's simple lowercase gives plain i.
  EXPECT_EQ(Tok("İSTANBUL"), (Strings{"istanbul"}));
  // Kelvin sign and Ohm sign fold to k and ω; the fi ligature has only a full folding.
  EXPECT_EQ(Tok("\u212A \u2126 ﬁ"), (Strings{"k", "ω", "ﬁ"}));
}

TEST(TokenizerTest, FoldsGreekIncludingFinalSigma) {
  EXPECT_EQ(Tok("ΣΟΦΊΑ"), (Strings{"σοφία"}));
  EXPECT_EQ(Tok("ΟΔΟΣ οδός"), (Strings{"οδοσ", "οδόσ"}));  // final ς folds to σ
  // U+0345 COMBINING GREEK YPOGEGRAMMENI is a mark that folds to ι; precomposed ᾳ (U+1FB3)
  // has only a full folding, so simple folding leaves it alone.
  EXPECT_EQ(Tok("ᾳ α\u0345"), (Strings{"ᾳ", "αι"}));
}

TEST(TokenizerTest, FoldsCyrillicAndOthers) {
  EXPECT_EQ(Tok("МОСКВА Ёлка"), (Strings{"москва", "ёлка"}));
  EXPECT_EQ(Tok("ＡＢＣ"), (Strings{"ａｂｃ"}));    // fullwidth Latin is a spaced script
  EXPECT_EQ(Tok("ԱՐՄԵՆԻԱ"), (Strings{"արմենիա"}));  // Armenian
  EXPECT_EQ(Tok("ꭰ"), (Strings{"Ꭰ"}));  // Cherokee folds to its uppercase (CaseFolding.txt)
}

// ---- Strip accents -------------------------------------------------------------------------

TEST(TokenizerTest, StripAccentsMakesPrecomposedAndDecomposedEqual) {
  const std::string precomposed = "Café CAFÉ";
  const std::string decomposed = "Cafe\u0301 CAFE\u0301";
  EXPECT_EQ(Tok(precomposed, Opts(true, true)), (Strings{"cafe", "cafe"}));
  EXPECT_EQ(Tok(decomposed, Opts(true, true)), (Strings{"cafe", "cafe"}));
  // Off: precomposed é is kept; the decomposed form keeps its combining mark.
  EXPECT_EQ(Tok(precomposed, Opts(true, false)), (Strings{"café", "café"}));
  EXPECT_EQ(Tok(decomposed, Opts(true, false)), (Strings{"cafe\u0301", "cafe\u0301"}));
}

TEST(TokenizerTest, StripAccentsIsRecursiveAndCanonicalOnly) {
  const TokenizerOptions strip = Opts(true, true);
  // ế = ê + acute = e + circumflex + acute; ệ = ẹ + circumflex = e + dot below + circumflex.
  EXPECT_EQ(Tok("Tiếng Việt", strip), (Strings{"tieng", "viet"}));
  // Å (U+212B ANGSTROM SIGN) -> Å -> A + ring.
  EXPECT_EQ(Tok("\u212Bngström Ångström", strip), (Strings{"angstrom", "angstrom"}));
  EXPECT_EQ(Tok("naïve nai\u0308ve Ёлка ΣΟΦΊΑ", strip),
            (Strings{"naive", "naive", "елка", "σοφια"}));
  // Compatibility decompositions are not applied: ﬁ and ² stay.
  EXPECT_EQ(Tok("ﬁ x²", strip), (Strings{"ﬁ", "x²"}));
  // Marks of any script are dropped (Arabic harakat here).
  EXPECT_EQ(Tok("الْعَرَبِيَّة", strip), (Strings{"العربية"}));
  EXPECT_EQ(Tok("الْعَرَبِيَّة", Opts(true, false)), (Strings{"الْعَرَبِيَّة"}));
  // Hangul syllables have no decomposition in UnicodeData.txt: unchanged.
  EXPECT_EQ(Tok("한국어", strip), (Strings{"한국어"}));
}

TEST(TokenizerTest, StripAccentsWithoutLowercase) {
  EXPECT_EQ(Tok("Café CAFÉ Ω", Opts(false, true)), (Strings{"Cafe", "CAFE", "Ω"}));
  // Ohm sign: canonical decomposition to Greek capital omega, then (lowercase on) folded.
  EXPECT_EQ(Tok("\u2126", Opts(false, true)), (Strings{"Ω"}));
  EXPECT_EQ(Tok("\u2126", Opts(true, true)), (Strings{"ω"}));
}

TEST(TokenizerTest, BareMarksSeparateAndMarkOnlyTokensVanishWhenStripped) {
  EXPECT_EQ(Tok("\u0301abc"), (Strings{"abc"}));
  EXPECT_EQ(Tok("x \u0301\u0302 y"), (Strings{"x", "y"}));
  EXPECT_EQ(Tok("a\u0301\u0302", Opts(true, true)), (Strings{"a"}));
}

// ---- Apostrophes ---------------------------------------------------------------------------

TEST(TokenizerTest, PossessiveIsDroppedForAllApostrophes) {
  EXPECT_EQ(Tok("Kim's Kim’s Kimʼs Kim KIM'S"), (Strings{"kim", "kim", "kim", "kim", "kim"}));
  EXPECT_EQ(Tok("it's James' 5's José's"), (Strings{"it", "james", "5", "josé"}));
}

TEST(TokenizerTest, InnerApostrophesJoinAsAscii) {
  EXPECT_EQ(Tok("don't don’t donʼt DON'T"), (Strings{"don't", "don't", "don't", "don't"}));
  EXPECT_EQ(Tok("o'clock rock'n'roll l'été"), (Strings{"o'clock", "rock'n'roll", "l'été"}));
  // Only a final 's goes: "'sa" and "'s" followed by more stay; "'s's" loses the last one.
  EXPECT_EQ(Tok("Kim'sa Kim's's"), (Strings{"kim'sa", "kim's"}));
  EXPECT_EQ(Tok("rock'n'roll's"), (Strings{"rock'n'roll"}));
}

TEST(TokenizerTest, LeadingTrailingAndDoubledApostrophesSeparate) {
  EXPECT_EQ(Tok("'quoted' ‘single’ ’tis"), (Strings{"quoted", "single", "tis"}));
  EXPECT_EQ(Tok("Kim' x"), (Strings{"kim", "x"}));
  EXPECT_EQ(Tok("rock''n"), (Strings{"rock", "n"}));
  EXPECT_EQ(Tok("a'’b"), (Strings{"a", "b"}));
  EXPECT_EQ(Tok("a' b"), (Strings{"a", "b"}));
  EXPECT_EQ(Tok("'s 's'"), (Strings{"s", "s"}));
  // Not word characters on both sides: a mark after the apostrophe, CJK before it.
  EXPECT_EQ(Tok("a'\u0301b"), (Strings{"a", "b"}));
  EXPECT_EQ(Tok("手's"), (Strings{"手", "s"}));
  // Other quote-like characters are separators.
  EXPECT_EQ(Tok("a`b a´b a＇b"), (Strings{"a", "b", "a", "b", "a", "b"}));
}

// ---- Unspaced scripts ----------------------------------------------------------------------

TEST(TokenizerTest, ChineseBigrams) {
  EXPECT_EQ(Tok("国际关系"), (Strings{"国际", "际关", "关系"}));
  EXPECT_EQ(Tok("国"), (Strings{"国"}));
  EXPECT_EQ(Tok("国 际"), (Strings{"国", "际"}));
  EXPECT_EQ(Tok("中国，美国。日"), (Strings{"中国", "美国", "日"}));
  // 〇 is a letter-number (Nl) of the Han script: part of the run.
  EXPECT_EQ(Tok("二〇二三年"), (Strings{"二〇", "〇二", "二三", "三年"}));
}

TEST(TokenizerTest, UnspacedCharactersAloneWhenBigramsOff) {
  const TokenizerOptions off = Opts(true, false, false);
  EXPECT_EQ(Tok("国际关系", off), (Strings{"国", "际", "关", "系"}));
  EXPECT_EQ(Tok("東京タワー", off), (Strings{"東", "京", "タ", "ワ", "ー"}));
  EXPECT_EQ(Tok("ที่นี่", off), (Strings{"ที่", "นี่"}));
}

TEST(TokenizerTest, JapaneseBigrams) {
  EXPECT_EQ(Tok("ひらがな"), (Strings{"ひら", "らが", "がな"}));
  // ー (U+30FC) is Common script but Hiragana/Katakana by Script_Extensions.
  EXPECT_EQ(Tok("東京タワー"), (Strings{"東京", "京タ", "タワ", "ワー"}));
  EXPECT_EQ(Tok("コーヒー"), (Strings{"コー", "ーヒ", "ヒー"}));
  // A combining voiced sound mark stays with its kana.
  EXPECT_EQ(Tok("か\u3099き"), (Strings{"か\u3099き"}));
  // strip_accents removes dakuten, precomposed or not (canonical decomposition of が).
  EXPECT_EQ(Tok("か\u3099き がき", Opts(true, true)), (Strings{"かき", "かき"}));
}

TEST(TokenizerTest, ThaiBigramsKeepMarksWithTheirBase) {
  // ภาษาไทย: seven letters, six bigrams.
  EXPECT_EQ(Tok("ภาษาไทย"), (Strings{"ภา", "าษ", "ษา", "าไ", "ไท", "ทย"}));
  // ที่ = ท + sara ii (Mn) + mai ek (Mn): one character.
  EXPECT_EQ(Tok("ที่"), (Strings{"ที่"}));
  EXPECT_EQ(Tok("ที่นี่"), (Strings{"ที่นี่"}));
  EXPECT_EQ(Tok("ที่นี่", Opts(true, true)), (Strings{"ทน"}));
  // Thai digits are numbers: a word between two unspaced runs.
  EXPECT_EQ(Tok("ราคา๑๐๐บาท"), (Strings{"รา", "าค", "คา", "๑๐๐", "บา", "าท"}));
}

TEST(TokenizerTest, MixedScripts) {
  EXPECT_EQ(Tok("iPhone手机"), (Strings{"iphone", "手机"}));
  EXPECT_EQ(Tok("手机iPhone"), (Strings{"手机", "iphone"}));
  EXPECT_EQ(Tok("我爱NLP和ML!"), (Strings{"我爱", "nlp", "和", "ml"}));
  EXPECT_EQ(Tok("한국어 텍스트"), (Strings{"한국어", "텍스트"}));  // Hangul is spaced
  EXPECT_EQ(Tok("Straße東京"), (Strings{"straße", "東京"}));
}

TEST(TokenizerTest, CompatibilityIdeographsStripToUnified) {
  // U+F900 has the canonical decomposition U+8C48.
  EXPECT_EQ(Tok("\uF900", Opts(true, true)), (Strings{"\u8C48"}));
  EXPECT_EQ(Tok("\uF900", Opts(true, false)), (Strings{"\uF900"}));
}

// ---- Offsets -------------------------------------------------------------------------------

TEST(TokenizerTest, ByteOffsetsOfWords) {
  EXPECT_EQ(Spans("Hello, Kim's café"),
            (std::vector<Span>{{"hello", 0, 5}, {"kim", 7, 12}, {"café", 13, 18}}));
  // A trailing unjoined apostrophe is not covered; a joined one is.
  EXPECT_EQ(Spans("Kim' don't"), (std::vector<Span>{{"kim", 0, 3}, {"don't", 5, 10}}));
  // U+2019 is three bytes.
  EXPECT_EQ(Spans("Kim’s x"), (std::vector<Span>{{"kim", 0, 7}, {"x", 8, 9}}));
  // Dropped combining marks stay inside the span.
  EXPECT_EQ(Spans("Cafe\u0301 x", Opts(true, true)),
            (std::vector<Span>{{"cafe", 0, 6}, {"x", 7, 8}}));
}

TEST(TokenizerTest, ByteOffsetsOfBigramsAndMixedRuns) {
  EXPECT_EQ(Spans("国际关系"),
            (std::vector<Span>{{"国际", 0, 6}, {"际关", 3, 9}, {"关系", 6, 12}}));
  EXPECT_EQ(Spans("iPhone手机"), (std::vector<Span>{{"iphone", 0, 6}, {"手机", 6, 12}}));
  EXPECT_EQ(Spans("a 国 b"), (std::vector<Span>{{"a", 0, 1}, {"国", 2, 5}, {"b", 6, 7}}));
  EXPECT_EQ(Spans("国际", Opts(true, false, false)),
            (std::vector<Span>{{"国", 0, 3}, {"际", 3, 6}}));
  // か + U+3099 (3 + 3 bytes) then き.
  EXPECT_EQ(Spans("か\u3099き"), (std::vector<Span>{{"か\u3099き", 0, 9}}));
}

// ---- Invalid UTF-8 -------------------------------------------------------------------------

// Adjacent literals ("\xFF" "cd") keep hex escapes from swallowing the next letters.
// clang-format off
TEST(TokenizerTest, InvalidBytesSeparate) {
  EXPECT_EQ(Tok("ab\xFF" "cd"), (Strings{"ab", "cd"}));
  EXPECT_EQ(Tok("ab\xC0\x80" "cd"), (Strings{"ab", "cd"}));          // overlong NUL
  EXPECT_EQ(Tok("ab\xED\xA0\x80" "cd"), (Strings{"ab", "cd"}));      // surrogate D800
  EXPECT_EQ(Tok("ab\xF4\x90\x80\x80" "cd"), (Strings{"ab", "cd"}));  // U+110000
  EXPECT_EQ(Tok("\x80\x80" "abc\xBF"), (Strings{"abc"}));            // stray continuations
  EXPECT_EQ(Tok("ab\xE2\x82"), (Strings{"ab"}));                     // truncated at the end
  EXPECT_EQ(Tok("abc\xF0"), (Strings{"abc"}));
}

TEST(TokenizerTest, TruncatedSequenceDoesNotSwallowTheNextCharacter) {
  EXPECT_EQ(Tok("ab\xE2\x82" "cd"), (Strings{"ab", "cd"}));
  EXPECT_EQ(Tok("\xC3" "é"), (Strings{"é"}));          // C3 then C3 A9
  EXPECT_EQ(Tok("\xF0\x9F\x98" "a"), (Strings{"a"}));  // 3 of 4 bytes of an emoji
  EXPECT_EQ(Tok("\xE5\x9B" "国"), (Strings{"国"}));
  EXPECT_EQ(Spans("x\xE5\x9B" "国"), (std::vector<Span>{{"x", 0, 1}, {"国", 3, 6}}));
}

TEST(Utf8DecodeTest, MaximalSubparts) {
  // Returns the lengths DecodeUtf8 consumes and whether each result is U+FFFD.
  auto decode = [](std::string_view s) {
    std::vector<std::pair<uint32_t, bool>> out;
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
      char32_t cp = 0;
      const uint32_t n = unicode::DecodeUtf8(p, end, &cp);
      out.emplace_back(n, cp == unicode::kReplacement);
      p += n;
    }
    return out;
  };
  using R = std::vector<std::pair<uint32_t, bool>>;
  EXPECT_EQ(decode("\xC0\x80"), (R{{1, true}, {1, true}}));
  EXPECT_EQ(decode("\xED\xA0\x80"), (R{{1, true}, {1, true}, {1, true}}));
  EXPECT_EQ(decode("\xF4\x90\x80\x80"), (R{{1, true}, {1, true}, {1, true}, {1, true}}));
  EXPECT_EQ(decode("\xE2\x82" "a"), (R{{2, true}, {1, false}}));
  EXPECT_EQ(decode("\xF0\x9F\x98"), (R{{3, true}}));
  EXPECT_EQ(decode("\xF0\x9F\x98\x80"), (R{{4, false}}));
  EXPECT_EQ(decode("\xE0\x9F\x80"), (R{{1, true}, {1, true}, {1, true}}));  // overlong 3-byte
  EXPECT_EQ(decode("\xF0\x8F\xBF\xBF"), (R{{1, true}, {1, true}, {1, true}, {1, true}}));
  EXPECT_EQ(decode("\xFE\xFF"), (R{{1, true}, {1, true}}));
  EXPECT_EQ(decode("\xEF\xBF\xBD"), (R{{3, true}}));  // a real U+FFFD
  char32_t cp = 0;
  const uint8_t max[] = {0xF4, 0x8F, 0xBF, 0xBF};
  EXPECT_EQ(unicode::DecodeUtf8(max, max + 4, &cp), 4u);
  EXPECT_EQ(cp, char32_t{0x10FFFF});
  const uint8_t ed[] = {0xED, 0x9F, 0xBF};
  EXPECT_EQ(unicode::DecodeUtf8(ed, ed + 3, &cp), 3u);
  EXPECT_EQ(cp, char32_t{0xD7FF});
}
// clang-format on

TEST(UnicodeTablesTest, ClassesOfSampleCodePoints) {
  auto cls = [](char32_t cp) { return unicode::Props(cp) & unicode::kClassMask; };
  EXPECT_EQ(cls('a'), unicode::kWord);
  EXPECT_EQ(cls('7'), unicode::kWord);
  EXPECT_EQ(cls(' '), unicode::kSeparator);
  EXPECT_EQ(cls('\''), unicode::kApostrophe);
  EXPECT_EQ(cls(0x2019), unicode::kApostrophe);
  EXPECT_EQ(cls(0x02BC), unicode::kApostrophe);  // Lm, but an apostrophe for the tokenizer
  EXPECT_EQ(cls(0x00E9), unicode::kWord);        // é
  EXPECT_EQ(cls(0x0301), unicode::kMark);
  EXPECT_EQ(cls(0x0903), unicode::kMark);  // Devanagari visarga (Mc)
  EXPECT_EQ(cls(0x4E00), unicode::kUnspaced);
  EXPECT_EQ(cls(0x9FA5), unicode::kUnspaced);   // inside the <CJK Ideograph, First/Last> range
  EXPECT_EQ(cls(0x2A6DF), unicode::kUnspaced);  // last of CJK Extension B
  EXPECT_EQ(cls(0x3007), unicode::kUnspaced);   // 〇, Nl
  EXPECT_EQ(cls(0x30FC), unicode::kUnspaced);   // ー, Common + Script_Extensions
  EXPECT_EQ(cls(0x0E01), unicode::kUnspaced);   // Thai ko kai
  EXPECT_EQ(cls(0x0E35), unicode::kUnspacedMark);
  EXPECT_EQ(cls(0x0E51), unicode::kWord);       // Thai digit one: a number, not a letter
  EXPECT_EQ(cls(0x0E3F), unicode::kSeparator);  // Thai baht sign
  EXPECT_EQ(cls(0xAC00), unicode::kWord);       // Hangul is spaced; <Hangul Syllable> range
  EXPECT_EQ(cls(0xD7A3), unicode::kWord);
  EXPECT_EQ(cls(0xE000), unicode::kSeparator);  // private use
  EXPECT_EQ(cls(0xFE0F), unicode::kMark);       // variation selector 16
  EXPECT_EQ(cls(0xE0100), unicode::kMark);      // variation selector 17 (above the trie)
  EXPECT_EQ(cls(0xE01F0), unicode::kSeparator);
  EXPECT_EQ(cls(0xFFFD), unicode::kSeparator);
  EXPECT_EQ(cls(0x1F600), unicode::kSeparator);  // emoji
  EXPECT_EQ(cls(0x10FFFF), unicode::kSeparator);
}

TEST(UnicodeTablesTest, FoldAndStripOfSampleCodePoints) {
  EXPECT_EQ(unicode::SimpleFold('A'), char32_t{'a'});
  EXPECT_EQ(unicode::SimpleFold('a'), char32_t{'a'});
  EXPECT_EQ(unicode::SimpleFold(0x00C9), char32_t{0x00E9});  // É
  EXPECT_EQ(unicode::SimpleFold(0x0100), char32_t{0x0101});  // Ā (stride-2 range)
  EXPECT_EQ(unicode::SimpleFold(0x0101), char32_t{0x0101});
  EXPECT_EQ(unicode::SimpleFold(0x03C2), char32_t{0x03C3});    // ς
  EXPECT_EQ(unicode::SimpleFold(0x0130), char32_t{'i'});       // İ
  EXPECT_EQ(unicode::SimpleFold(0x10400), char32_t{0x10428});  // Deseret
  EXPECT_EQ(unicode::SimpleFold(0x1E921), char32_t{0x1E943});  // Adlam
  EXPECT_EQ(unicode::SimpleFold(0x4E00), char32_t{0x4E00});
  EXPECT_EQ(unicode::StripAccents(0x00E9), char32_t{'e'});
  EXPECT_EQ(unicode::StripAccents(0x1EC7), char32_t{'e'});      // ệ, two levels
  EXPECT_EQ(unicode::StripAccents(0x212B), char32_t{'A'});      // Angstrom sign
  EXPECT_EQ(unicode::StripAccents(0x2F800), char32_t{0x4E3D});  // CJK compatibility supplement
  EXPECT_EQ(unicode::StripAccents(0x0958), char32_t{0x0915});   // क़ -> क
  EXPECT_EQ(unicode::StripAccents('e'), char32_t{'e'});
  EXPECT_EQ(unicode::StripAccents(0xAC00), char32_t{0xAC00});  // Hangul: not in UnicodeData
  EXPECT_TRUE(unicode::Props(0x00E9) & unicode::kHasStrip);
  EXPECT_TRUE(unicode::Props(0x00C9) & unicode::kHasFold);
  EXPECT_FALSE(unicode::Props('e') & (unicode::kHasStrip | unicode::kHasFold));
}

TEST(UnicodeTablesTest, AsciiTableAgreesWithTheTrieAndTheFastPath) {
  for (int c = 0; c < 256; ++c) {
    if (c >= 0x80) {
      EXPECT_EQ(unicode::kAsciiProps[c], 0xFF) << c;
      continue;
    }
    EXPECT_EQ(unicode::kAsciiProps[c], unicode::Props(static_cast<char32_t>(c))) << c;
    const bool word = (unicode::kAsciiProps[c] & unicode::kClassMask) == unicode::kWord;
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    EXPECT_EQ(word, alnum) << c;
    const std::string s(1, static_cast<char>(c));
    EXPECT_EQ(Tok(s).size(), word ? 1u : 0u) << c;
  }
}

TEST(TokenizerTest, RandomBytesGiveValidTokensInBounds) {
  std::mt19937 rng(20240611);
  // Bytes that exercise the decoder's edges, plus letters, apostrophes and marks' lead bytes.
  const uint8_t interesting[] = {'a',  'S',  's',  '\'', ' ',  '0',  0x80, 0xBF, 0xC0,
                                 0xC1, 0xC2, 0xC3, 0xCC, 0x81, 0xDF, 0xE0, 0xA0, 0xE2,
                                 0x80, 0x99, 0xE3, 0xE4, 0xB8, 0xAD, 0xED, 0x9F, 0xEF,
                                 0xF0, 0x90, 0xF4, 0x8F, 0xF5, 0xFF, 0xE0, 0xB8, 0xB5};
  const TokenizerOptions all_options[] = {Opts(true, false), Opts(true, true), Opts(false, true),
                                          Opts(false, false, false)};
  int tokens_seen = 0;
  for (int iter = 0; iter < 10000; ++iter) {
    const size_t len = rng() % 48;
    std::string s(len, '\0');
    for (auto& c : s) {
      c = static_cast<char>(rng() % 2 ? rng() % 256 : interesting[rng() % sizeof(interesting)]);
    }
    for (const auto& options : all_options) {
      SpanSink sink;
      Tokenizer(options).Tokenize(s, sink);
      uint32_t last_begin = 0;
      bool first = true;
      for (const auto& t : sink.spans) {
        ASSERT_FALSE(t.text.empty()) << "input #" << iter;
        ASSERT_TRUE(IsValidUtf8(t.text)) << "input #" << iter;
        ASSERT_LT(t.begin, t.end) << "input #" << iter;
        ASSERT_LE(t.end, s.size()) << "input #" << iter;
        if (!first) {
          ASSERT_LT(last_begin, t.begin) << "input #" << iter;
        }
        last_begin = t.begin;
        first = false;
        ++tokens_seen;
      }
      ASSERT_EQ(Tokenizer(options).Tokens(s).size(), sink.spans.size());
    }
  }
  EXPECT_GT(tokens_seen, 10000);
}

#if defined(__linux__) && UINTPTR_MAX > 0xFFFFFFFFu
// Slow (a 4 GiB scan, ~10 s) and needs a 64-bit Linux address space: run it by hand with
// --gtest_also_run_disabled_tests.
TEST(TokenizerTest, DISABLED_InputsOf4GiBAndMoreAreCut) {
  const size_t size = (size_t{1} << 32) + 4096;
  void* mem = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  ASSERT_NE(mem, MAP_FAILED);
  char* p = static_cast<char*>(mem);  // zero pages: NUL bytes, all separators
  std::memcpy(p, "Hello", 5);
  std::memcpy(p + 0xFFFFFFFDull, "abcdef", 6);  // "ab" below the cut, "cdef" above it
  const auto spans = Spans(std::string_view(p, size));
  munmap(mem, size);
  EXPECT_EQ(spans, (std::vector<Span>{{"hello", 0, 5}, {"ab", 0xFFFFFFFDu, 0xFFFFFFFFu}}));
}
#endif

TEST(TokenizerTest, OptionsAreKept) {
  const Tokenizer t(Opts(false, true, false));
  EXPECT_FALSE(t.options().lowercase);
  EXPECT_TRUE(t.options().strip_accents);
  EXPECT_FALSE(t.options().unspaced_bigrams);
  const TokenizerOptions defaults;
  EXPECT_TRUE(defaults.lowercase);
  EXPECT_FALSE(defaults.strip_accents);
  EXPECT_TRUE(defaults.unspaced_bigrams);
}

TEST(TokenizerTest, UnicodeVersionComesFromTheTables) { EXPECT_STREQ(UnicodeVersion(), "15.0.0"); }

}  // namespace
}  // namespace topica::internal
