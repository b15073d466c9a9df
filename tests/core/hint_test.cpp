#include "mtlsdoctor/core/hint.h"

#include <gtest/gtest.h>

namespace mtlsdoctor::core {
namespace {

std::string_view spell(Hint h) noexcept {
  switch (h) {
    case Hint::Crl: return "<crl>";
    case Hint::PgUser: return "<pg-user>";
    default: return "<other>";
  }
}

TEST(Hint, PlaceholdersAreSpelledWhereTheyStand) {
  const std::string text = "give " + hint(Hint::Crl) + " or " + hint(Hint::PgUser) + hint(Hint::Crl) + ".";
  EXPECT_TRUE(has_hints(text));
  EXPECT_EQ(resolve_hints(text, spell), "give <crl> or <pg-user><crl>.");
  EXPECT_EQ(resolve_hints(hint(Hint::Cacert), spell), "<other>");
}

TEST(Hint, TextWithoutPlaceholdersIsCopiedUnchanged) {
  EXPECT_FALSE(has_hints("Pass the issuer's CRL"));
  EXPECT_EQ(resolve_hints("Pass the issuer's CRL", spell), "Pass the issuer's CRL");
  EXPECT_EQ(resolve_hints("", spell), "");
}

// Separators that do not make a placeholder (hostile certificate names may hold any byte)
// stay as they are.
TEST(Hint, MalformedPlaceholdersAreLeftAlone) {
  for (const std::string& text : {std::string("a\x1e"),
                                  std::string("a\x1e"
                                              "99\x1f"
                                              "b"),
                                  std::string("\x1ex\x1f"), std::string("\x1e\x1f"),
                                  std::string("\x1e"
                                              "-1\x1f"),
                                  std::string("\x1e\x1e"
                                              "0\x1f")}) {
    const std::string expected = text == std::string(
                                             "\x1e\x1e"
                                             "0\x1f")
                                     ? std::string("\x1e<crl>")
                                     : text;
    EXPECT_EQ(resolve_hints(text, spell), expected);
  }
}

}  // namespace
}  // namespace mtlsdoctor::core
