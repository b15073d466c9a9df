// Terminal styling: colour only when asked (a TTY without NO_COLOR, decided by the CLI).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mtlsdoctor::render {

enum class Color { None, Red, Yellow, Green, Cyan, Dim, Bold };

class Style {
 public:
  explicit Style(bool color = false) : m_color(color) {}
  [[nodiscard]] std::string paint(std::string_view text, Color c) const;
  [[nodiscard]] bool color() const noexcept { return m_color; }

 private:
  bool m_color;
};

// Columns padded to the widest cell; colour codes do not count toward width.
class Table {
 public:
  void add_row(std::vector<std::string> cells, std::vector<Color> colors = {});
  [[nodiscard]] std::string render(const Style& style, std::string_view indent = "") const;

 private:
  struct Row {
    std::vector<std::string> cells;
    std::vector<Color> colors;
  };
  std::vector<Row> m_rows;
};

// `text` safe to print on a terminal: control characters (C0, DEL, and C1 as UTF-8) become
// \xNN, so that a peer's certificate, a server's answer or a log line cannot move the cursor,
// change colours or rewrite the verdict on screen. For every string the tool did not write
// itself, in text output (JSON escapes them already).
[[nodiscard]] std::string printable(std::string_view text);

// Display width of UTF-8 text (code points; good enough for names and dates).
[[nodiscard]] std::size_t display_width(std::string_view s) noexcept;

}  // namespace mtlsdoctor::render
