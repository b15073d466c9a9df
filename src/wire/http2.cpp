// HTTP/2 (RFC 9113) through nghttp2's memory API: nghttp2 keeps the framing, HPACK and flow
// control; this file asks one question and keeps the answer's status, Date, Server and first
// body bytes.
#include "mtlsdoctor/wire/http2.h"

#include <fmt/format.h>
#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>
#include <vector>

namespace mtlsdoctor::wire {

constexpr std::size_t kBodyKept = 2048;

struct Http2Exchange::State {
  nghttp2_session* session = nullptr;
  std::int32_t stream = -1;
  HttpResponse response;
  std::string error;
  std::string pending;  // frames nghttp2 wants sent (acknowledgements, GOAWAY), until take_output()
  bool complete = false;
  bool malformed = false;
};

namespace {

using State = Http2Exchange::State;

State& state(void* user) {
  return *static_cast<State*>(user);
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

int on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t namelen,
              const std::uint8_t* value, std::size_t valuelen, std::uint8_t, void* user) {
  State& s = state(user);
  if (frame->hd.type != NGHTTP2_HEADERS || frame->hd.stream_id != s.stream) return 0;
  const std::string_view n(reinterpret_cast<const char*>(name), namelen);
  const std::string_view v(reinterpret_cast<const char*>(value), valuelen);
  if (n == ":status") {
    int code = 0;
    for (const char c : v) code = c >= '0' && c <= '9' && code < 1000 ? code * 10 + (c - '0') : code;
    s.response.status = code;  // a 1xx is replaced by the final answer's
  } else if (n == "date") {
    s.response.date = std::string(v.substr(0, 100));
  } else if (n == "server") {
    s.response.server = std::string(v.substr(0, 200));
  }
  return 0;
}

int on_data(nghttp2_session*, std::uint8_t, std::int32_t stream, const std::uint8_t* data, std::size_t len,
            void* user) {
  State& s = state(user);
  if (stream != s.stream) return 0;
  const std::size_t room = kBodyKept - std::min(kBodyKept, s.response.body.size());
  s.response.body.append(reinterpret_cast<const char*>(data), std::min(len, room));
  return 0;
}

int on_stream_close(nghttp2_session*, std::int32_t stream, std::uint32_t error_code, void* user) {
  State& s = state(user);
  if (stream != s.stream) return 0;
  s.complete = true;
  if (error_code != NGHTTP2_NO_ERROR && s.response.status == 0 && s.error.empty())
    s.error = fmt::format("RST_STREAM {}", nghttp2_http2_strerror(error_code));
  return 0;
}

int on_frame(nghttp2_session*, const nghttp2_frame* frame, void* user) {
  State& s = state(user);
  if (frame->hd.type == NGHTTP2_GOAWAY && frame->goaway.last_stream_id < s.stream) {
    // The server will not answer our stream: the connection ends here.
    s.complete = true;  // its streams are closed first: GOAWAY is the reason to keep
    s.error = fmt::format("GOAWAY {}", nghttp2_http2_strerror(frame->goaway.error_code));
  }
  return 0;
}

}  // namespace

Http2Exchange::Http2Exchange(const HttpRequestHead& head) : m_state(std::make_unique<State>()) {
  nghttp2_session_callbacks* callbacks = nullptr;
  nghttp2_session_callbacks_new(&callbacks);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, on_data);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, on_stream_close);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, on_frame);
  nghttp2_session_client_new(&m_state->session, callbacks, m_state.get());
  nghttp2_session_callbacks_del(callbacks);
  if (!m_state->session) {
    m_state->malformed = true;
    m_state->error = "cannot start an HTTP/2 session";
    return;
  }
  const std::array<nghttp2_settings_entry, 2> settings{
      {{NGHTTP2_SETTINGS_ENABLE_PUSH, 0}, {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 1}}};
  nghttp2_submit_settings(m_state->session, NGHTTP2_FLAG_NONE, settings.data(), settings.size());

  std::vector<std::pair<std::string, std::string>> fields{
      {":method", head.method}, {":scheme", "https"}, {":authority", head.host}, {":path", head.target}};
  bool user_agent = false;
  bool accept = false;
  for (const auto& h : head.headers) {
    std::string name = lower(h.name);
    // RFC 9113 §8.2.2: connection-specific fields are malformed in HTTP/2; Host is :authority.
    if (name == "connection" || name == "keep-alive" || name == "proxy-connection" || name == "transfer-encoding" ||
        name == "upgrade" || name == "host" || name == "te")
      continue;
    user_agent = user_agent || name == "user-agent";
    accept = accept || name == "accept";
    fields.emplace_back(std::move(name), h.value);
  }
  if (!user_agent) fields.emplace_back("user-agent", "mtls-doctor");
  if (!accept) fields.emplace_back("accept", "*/*");
  std::vector<nghttp2_nv> nv;
  for (auto& [n, v] : fields) {
    nv.push_back({reinterpret_cast<std::uint8_t*>(n.data()), reinterpret_cast<std::uint8_t*>(v.data()), n.size(),
                  v.size(), NGHTTP2_NV_FLAG_NONE});
  }
  m_state->stream = nghttp2_submit_request(m_state->session, nullptr, nv.data(), nv.size(), nullptr, nullptr);
  if (m_state->stream < 0) {
    m_state->malformed = true;
    m_state->error = fmt::format("cannot make the HTTP/2 request: {}", nghttp2_strerror(m_state->stream));
  }
}

Http2Exchange::~Http2Exchange() {
  if (m_state->session) nghttp2_session_del(m_state->session);
}

namespace {

// What nghttp2 has to send, appended to `out`; nghttp2 ends a session it must refuse only once
// its GOAWAY has been taken.
void drain(nghttp2_session* session, std::string& out) {
  for (;;) {
    const std::uint8_t* data = nullptr;
    const auto n = nghttp2_session_mem_send(session, &data);
    if (n <= 0) break;
    out.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
  }
}

}  // namespace

std::string Http2Exchange::take_output() {
  if (m_state->session) drain(m_state->session, m_state->pending);
  return std::exchange(m_state->pending, {});
}

Parse Http2Exchange::feed(std::string_view bytes) {
  State& s = *m_state;
  if (s.malformed) return Parse::Malformed;
  if (s.complete) return Parse::Complete;
  const auto n = nghttp2_session_mem_recv(s.session, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  if (n < 0) {
    s.malformed = true;
    s.error = fmt::format("not HTTP/2: {}", nghttp2_strerror(static_cast<int>(n)));
    return Parse::Malformed;
  }
  drain(s.session, s.pending);
  if (s.complete) return Parse::Complete;
  // The final status and all the body that is kept: enough, without waiting for the stream's end
  // (a long body would wait on flow control, which this exchange does not grant).
  if (s.response.status >= 200 && s.response.body.size() >= kBodyKept) s.complete = true;
  // A connection the server is closing (GOAWAY for other streams, or a protocol error it saw).
  if (!nghttp2_session_want_read(s.session) && !nghttp2_session_want_write(s.session)) {
    s.complete = true;
    if (s.response.status == 0 && s.error.empty()) s.error = "the HTTP/2 session ended without an answer";
  }
  return s.complete ? Parse::Complete : Parse::Incomplete;
}

const HttpResponse& Http2Exchange::response() const noexcept {
  return m_state->response;
}

const std::string& Http2Exchange::error() const noexcept {
  return m_state->error;
}

}  // namespace mtlsdoctor::wire
