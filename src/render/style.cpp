#include "mtlsdoctor/render/style.h"

#include <fmt/format.h>

#include <algorithm>

#include "mtlsdoctor/core/printable.h"

namespace mtlsdoctor::render {

std::string Style::paint(std::string_view text, Color c) const {
  if (!m_color || c == Color::None) return std::string(text);
  const char* code = "";
  switch (c) {
    case Color::Red: code = "\x1b[31m"; break;
    case Color::Yellow: code = "\x1b[33m"; break;
    case Color::Green: code = "\x1b[32m"; break;
    case Color::Cyan: code = "\x1b[36m"; break;
    case Color::Dim: code = "\x1b[2m"; break;
    case Color::Bold: code = "\x1b[1m"; break;
    case Color::None: break;
  }
  return std::string(code) + std::string(text) + "\x1b[0m";
}

std::string printable(std::string_view text) {
  return core::printable(text);
}

std::size_t display_width(std::string_view s) noexcept {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void Table::add_row(std::vector<std::string> cells, std::vector<Color> colors) {
  m_rows.push_back({std::move(cells), std::move(colors)});
}

std::string Table::render(const Style& style, std::string_view indent) const {
  std::vector<std::size_t> widths;
  for (const auto& row : m_rows) {
    if (widths.size() < row.cells.size()) widths.resize(row.cells.size(), 0);
    for (std::size_t i = 0; i < row.cells.size(); ++i) widths[i] = std::max(widths[i], display_width(row.cells[i]));
  }
  std::string out;
  for (const auto& row : m_rows) {
    std::string line(indent);
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      const Color c = i < row.colors.size() ? row.colors[i] : Color::None;
      line += style.paint(row.cells[i], c);
      if (i + 1 < row.cells.size()) line.append(widths[i] - display_width(row.cells[i]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line;
    out += '\n';
  }
  return out;
}

}  // namespace mtlsdoctor::render
