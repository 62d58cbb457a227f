// The report's pieces: text made safe for XHTML, and an SVG document made
// an element of a page whose ids do not collide with another plot's.

#include "koubei/plot/report.hpp"
#include "koubei/plot/text.hpp"

#include <gtest/gtest.h>

namespace koubei {
namespace {

TEST(HtmlEscape, EscapesMarkupAndReplacesControlCharacters) {
  EXPECT_EQ(html_escape("a < b && c > \"d\" 'e'"), "a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#39;e&#39;");
  EXPECT_EQ(html_escape("tab\tand\nline"), "tab\tand\nline");
  EXPECT_EQ(html_escape(std::string("bell\x07") + "nul" + std::string(1, '\0')), "bell\xEF\xBF\xBDnul\xEF\xBF\xBD");
  EXPECT_EQ(html_escape("中文 ok"), "中文 ok");
}

TEST(InlineSvg, DropsTheDeclarationAndPrefixesEveryIdAndReference) {
  const std::string svg =
      "<?xml version=\"1.0\" encoding=\"utf-8\"  standalone=\"no\"?>\n"
      "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
      "<svg viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\">\n"
      "<g id=\"gnuplot_canvas\"><defs><path id='gpPt0' d='M0,0'/><clipPath id=\"c1\"/></defs>"
      "<use xlink:href='#gpPt0'/><g clip-path=\"url(#c1)\"/><text>grid='x'</text></g></svg>\n";
  const std::string out = inline_svg(svg, "f2-");
  EXPECT_EQ(out.rfind("<svg ", 0), 0u) << out;
  EXPECT_EQ(out.find("<?xml"), std::string::npos);
  EXPECT_EQ(out.find("DOCTYPE"), std::string::npos);
  EXPECT_NE(out.find("id=\"f2-gnuplot_canvas\""), std::string::npos) << out;
  EXPECT_NE(out.find("id='f2-gpPt0'"), std::string::npos) << out;
  EXPECT_NE(out.find("xlink:href='#f2-gpPt0'"), std::string::npos) << out;
  EXPECT_NE(out.find("url(#f2-c1)"), std::string::npos) << out;
  EXPECT_NE(out.find("<text>grid='x'</text>"), std::string::npos) << "text is not an id";
  const std::string labelled = inline_svg("<svg id=\"a\"><text> id='b' href=\"#c\" url(#d)</text></svg>", "p-");
  EXPECT_EQ(labelled, "<svg id=\"p-a\"><text> id='b' href=\"#c\" url(#d)</text></svg>") << "a label is text";
}

}  // namespace
}  // namespace koubei

namespace koubei {
namespace {

TEST(CleanText, KeepsUtf8AndReplacesWhatIsNotAnXmlCharacter) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(clean_text("plain ASCII, 中文, émigré, 🙂"), "plain ASCII, 中文, émigré, 🙂");
  EXPECT_EQ(clean_text("a\nb\tc\rd"), "a" + fffd + "b" + fffd + "c" + fffd + "d");
  EXPECT_EQ(clean_text("a\nb\tc", true), "a\nb\tc");
  EXPECT_EQ(clean_text(std::string("nul\0bell\x07", 9)), "nul" + fffd + "bell" + fffd);
  EXPECT_EQ(clean_text("\x7F"), fffd);
  EXPECT_EQ(clean_text("\xff\xfe"), fffd + fffd) << "not UTF-8";
  EXPECT_EQ(clean_text("\xC0\xAF"), fffd + fffd) << "overlong /";
  EXPECT_EQ(clean_text("\xED\xA0\x80"), fffd + fffd + fffd) << "a surrogate";
  EXPECT_EQ(clean_text("\xEF\xBF\xBE"), fffd + fffd + fffd) << "U+FFFE";
  EXPECT_EQ(clean_text("\xC2\x85"), fffd + fffd) << "C1 control NEL";
  EXPECT_EQ(clean_text("cut \xE4\xB8"), "cut " + fffd + fffd) << "a sequence cut short";
  EXPECT_EQ(clean_text("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd) << "above U+10FFFF";
}

}  // namespace
}  // namespace koubei
