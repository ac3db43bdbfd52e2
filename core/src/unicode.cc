#include "unicode.h"

#include <cstdint>

namespace topica::internal::unicode {

// Generated at build time (cmake/TopicaUnicode.cmake): kAsciiProps and the kGen* tables (the
// latter are constexpr, hence internal to this file).
#include "unicode_tables.inc"

namespace {

// The generator and this header must agree on the encoding of props.
static_assert(kGenClassSeparator == kSeparator && kGenClassWord == kWord &&
                  kGenClassMark == kMark && kGenClassUnspaced == kUnspaced &&
                  kGenClassUnspacedMark == kUnspacedMark && kGenClassApostrophe == kApostrophe,
              "unicode_tables.inc class values do not match unicode.h");
static_assert(kGenHasFold == kHasFold && kGenHasStrip == kHasStrip,
              "unicode_tables.inc flags do not match unicode.h");
static_assert(kGenPropsTrieLimit % (1u << kGenPropsShift1) == 0, "trie limit not block aligned");
static_assert(sizeof(kGenPropsStage1) / sizeof(kGenPropsStage1[0]) ==
                  (kGenPropsTrieLimit >> kGenPropsShift1),
              "stage1 does not cover the trie range");

constexpr uint32_t kStage2PerMid = 1u << (kGenPropsShift1 - kGenPropsShift2);

}  // namespace

uint8_t Props(char32_t cp) {
  if (cp < kGenPropsTrieLimit) {
    const uint32_t mid = kGenPropsStage1[cp >> kGenPropsShift1];
    const uint32_t leaf =
        kGenPropsStage2[mid * kStage2PerMid + ((cp >> kGenPropsShift2) & (kStage2PerMid - 1))];
    return kGenPropsLeaves[(leaf << kGenPropsShift2) + (cp & ((1u << kGenPropsShift2) - 1))];
  }
  for (uint32_t i = 0; i < kGenPropsHighCount; ++i) {
    if (cp >= kGenPropsHigh[3 * i] && cp <= kGenPropsHigh[3 * i + 1]) {
      return static_cast<uint8_t>(kGenPropsHigh[3 * i + 2]);
    }
  }
  return kSeparator;
}

char32_t SimpleFold(char32_t cp) {
  // Last range whose first code point is <= cp (word 0 compares as first << 11 | low bits).
  const uint32_t key = (static_cast<uint32_t>(cp) << 11) | 0x7FF;
  uint32_t lo = 0, hi = kGenFoldRangeCount;  // invariant: answer index is lo - 1
  while (lo < hi) {
    const uint32_t mid = (lo + hi) / 2;
    if (kGenFoldRanges[2 * mid] <= key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo == 0) return cp;
  const uint32_t w = kGenFoldRanges[2 * (lo - 1)];
  const uint32_t first = w >> 11;
  const uint32_t stride = ((w >> 10) & 1) + 1;
  const uint32_t count = (w & 0x3FF) + 1;
  const uint32_t offset = static_cast<uint32_t>(cp) - first;
  if (offset >= count * stride || offset % stride != 0) return cp;
  return static_cast<char32_t>(static_cast<uint32_t>(cp) + kGenFoldRanges[2 * (lo - 1) + 1]);
}

char32_t StripAccents(char32_t cp) {
  const uint32_t plane = static_cast<uint32_t>(cp) >> 16;
  const uint16_t low = static_cast<uint16_t>(cp & 0xFFFF);
  for (uint32_t g = 0; g < kGenStripGroupCount; ++g) {
    if (kGenStripGroups[4 * g] != plane) continue;
    uint32_t lo = kGenStripGroups[4 * g + 2], hi = kGenStripGroups[4 * g + 3];
    while (lo < hi) {
      const uint32_t mid = (lo + hi) / 2;
      if (kGenStripKeys[mid] < low) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo < kGenStripGroups[4 * g + 3] && kGenStripKeys[lo] == low) {
      const uint32_t value = kGenStripValues[lo];
      if (value == 0 && kGenStripGroups[4 * g + 1] == 0) return 0;  // maps to nothing
      return static_cast<char32_t>((kGenStripGroups[4 * g + 1] << 16) | value);
    }
  }
  return cp;
}

const char* Version() { return kGenUnicodeVersion; }

}  // namespace topica::internal::unicode
