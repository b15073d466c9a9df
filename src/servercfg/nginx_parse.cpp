// nginx's configuration syntax (ngx_conf_file.c): words separated by spaces, `;` ends a
// directive, `{ … }` a block, `#` a comment to the end of the line, '…' and "…" quote with `\`
// escapes; `include` (a glob) is replaced by the directives of the files it names.
#include <fmt/format.h>
#include <glob.h>

#include <filesystem>
#include <fstream>

#include "config_file.h"
#include "mtlsdoctor/servercfg/config.h"

namespace mtlsdoctor::servercfg {

namespace {

constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxFiles = 4096;

struct Reader {
  std::string directory;
  std::size_t files = 0;
};

class Parser {
 public:
  Parser(std::string_view text, std::string file, Reader& reader, int depth)
      : m_text(text), m_file(std::move(file)), m_reader(reader), m_depth(depth) {}

  core::Result<std::vector<Directive>> block(bool nested) {
    std::vector<Directive> out;
    for (;;) {
      Directive d;
      d.file = m_file;
      std::vector<std::string> words;
      int line = 0;
      for (;;) {
        auto token = next();
        if (!token) return std::unexpected(token.error());
        if (token->kind == Kind::End) {
          if (!words.empty()) return error(m_line, "unexpected end of file, expecting \";\" or \"}\"");
          if (nested) return error(m_line, "unexpected end of file, expecting \"}\"");
          return out;
        }
        if (token->kind == Kind::Close) {
          if (!words.empty()) return error(m_line, "unexpected \"}\"");
          if (!nested) return error(m_line, "unexpected \"}\"");
          return out;
        }
        if (token->kind == Kind::Word) {
          if (words.empty()) line = token->line;
          words.push_back(std::move(token->text));
          continue;
        }
        if (words.empty()) return error(token->line, fmt::format("unexpected \"{}\"", token->text));
        d.name = words.front();
        d.args.assign(words.begin() + 1, words.end());
        d.line = line;
        if (token->kind == Kind::Open) {
          d.block = true;
          auto children = block(true);
          if (!children) return std::unexpected(children.error());
          d.children = std::move(*children);
        }
        break;
      }
      if (d.name == "include" && !d.block) {
        auto included = include(d);
        if (!included) return std::unexpected(included.error());
        for (auto& i : *included) out.push_back(std::move(i));
        continue;
      }
      out.push_back(std::move(d));
    }
  }

 private:
  enum class Kind { Word, Semicolon, Open, Close, End };
  struct Token {
    Kind kind;
    std::string text;
    int line;
  };

  std::unexpected<core::Error> error(int line, std::string message) const {
    return std::unexpected(
        core::Error{core::ErrorCategory::Parse, std::move(message), fmt::format("{}:{}", m_file, line), {}});
  }

  core::Result<Token> next() {
    for (;;) {
      while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos]))) {
        if (m_text[m_pos] == '\n') ++m_line;
        ++m_pos;
      }
      if (m_pos >= m_text.size()) return Token{Kind::End, "", m_line};
      if (m_text[m_pos] != '#') break;
      while (m_pos < m_text.size() && m_text[m_pos] != '\n') ++m_pos;
    }
    const char c = m_text[m_pos];
    if (c == ';' || c == '{' || c == '}') {
      ++m_pos;
      return Token{c == ';' ? Kind::Semicolon : c == '{' ? Kind::Open : Kind::Close, std::string(1, c), m_line};
    }
    Token t{Kind::Word, "", m_line};
    if (c == '"' || c == '\'') {
      ++m_pos;
      for (;;) {
        if (m_pos >= m_text.size()) return error(t.line, "unterminated quoted string");
        const char q = m_text[m_pos++];
        if (q == c) break;
        if (q == '\n') ++m_line;
        if (q == '\\' && m_pos < m_text.size()) {
          const char e = m_text[m_pos++];
          // nginx keeps the backslash except before the quote, `\\` and the escapes below.
          if (e == c || e == '\\') {
            t.text.push_back(e);
          } else if (e == 'n') {
            t.text.push_back('\n');
          } else if (e == 't') {
            t.text.push_back('\t');
          } else {
            t.text.push_back('\\');
            t.text.push_back(e);
          }
          continue;
        }
        t.text.push_back(q);
      }
      return t;
    }
    while (m_pos < m_text.size()) {
      const char w = m_text[m_pos];
      if (std::isspace(static_cast<unsigned char>(w)) || w == ';' || w == '{' || w == '}') break;
      // `${name}` keeps its braces inside a word.
      if (w == '$' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '{') {
        const auto end = m_text.find('}', m_pos);
        if (end == std::string_view::npos) return error(m_line, "unterminated ${variable}");
        t.text.append(m_text.substr(m_pos, end - m_pos + 1));
        m_pos = end + 1;
        continue;
      }
      if (w == '\\' && m_pos + 1 < m_text.size()) {
        t.text.push_back(m_text[m_pos + 1]);
        m_pos += 2;
        continue;
      }
      t.text.push_back(w);
      ++m_pos;
    }
    return t;
  }

  core::Result<std::vector<Directive>> include(const Directive& d) {
    if (d.args.size() != 1) return error(d.line, "include takes one file or glob");
    if (d.args.front().find('\0') != std::string::npos) return error(d.line, "include: a file name with a NUL byte");
    if (m_depth >= kMaxDepth) return error(d.line, "includes nested more than 64 deep");
    std::string pattern = d.args.front();
    if (!pattern.empty() && pattern.front() != '/') pattern = m_reader.directory + "/" + pattern;
    glob_t g{};
    const int rc = ::glob(pattern.c_str(), 0, nullptr, &g);
    std::vector<std::string> paths;
    for (std::size_t i = 0; rc == 0 && i < g.gl_pathc; ++i) paths.emplace_back(g.gl_pathv[i]);
    globfree(&g);
    const bool has_glob = pattern.find_first_of("*?[") != std::string::npos;
    if (paths.empty() && !has_glob) return error(d.line, fmt::format("include: {} does not exist", pattern));
    for (const auto& path : paths) {
      if (++m_reader.files > kMaxFiles) return error(d.line, "more than 4,096 included files");
      std::error_code ec;
      if (std::filesystem::is_directory(path, ec))
        return error(d.line, fmt::format("include: {} is a directory", path));
    }
    return parse_included(
        paths,
        [this](const std::string& text, const std::string& path) {
          return Parser(text, path, m_reader, m_depth + 1).block(false);
        },
        [](const std::string&, const core::Error& e) { return std::unexpected(e); });
  }

  std::string_view m_text;
  std::string m_file;
  Reader& m_reader;
  int m_depth;
  std::size_t m_pos = 0;
  int m_line = 1;
};

}  // namespace

core::Result<std::vector<Directive>> parse_nginx(std::string_view text, const std::string& file,
                                                 const std::string& directory) {
  Reader reader{directory};
  Parser parser(text, file, reader, 0);
  return parser.block(false);
}

core::Result<std::vector<Directive>> read_nginx(const std::string& path) {
  auto text = read_config_file(path);
  if (!text) return std::unexpected(text.error());
  const auto dir = std::filesystem::path(path).parent_path().string();
  return parse_nginx(*text, path, dir.empty() ? "." : dir);
}

}  // namespace mtlsdoctor::servercfg
