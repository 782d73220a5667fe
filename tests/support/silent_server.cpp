#include "support/silent_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>

namespace hearth::testing {
namespace {

[[noreturn]] void throw_errno(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// Binds a new TCP socket to 127.0.0.1 on an ephemeral port; returns the fd
// and stores the port.
int bind_loopback(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw_errno("socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    throw_errno("bind");
  }
  socklen_t length = sizeof(address);
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw_errno("getsockname");
  }
  port = ntohs(address.sin_port);
  return fd;
}

}  // namespace

SilentServer::SilentServer() {
  listen_fd_ = bind_loopback(port_);
  if (::listen(listen_fd_, 64) != 0) {
    ::close(listen_fd_);
    throw_errno("listen");
  }
  std::array<int, 2> wake{};
  if (::pipe2(wake.data(), O_CLOEXEC) != 0) {
    ::close(listen_fd_);
    throw_errno("pipe2");
  }
  wake_read_fd_ = wake[0];
  wake_write_fd_ = wake[1];
  thread_ = std::thread([this] { accept_loop(); });
}

SilentServer::~SilentServer() {
  const char byte = 0;
  [[maybe_unused]] const ssize_t written = ::write(wake_write_fd_, &byte, 1);
  thread_.join();
  for (int fd : accepted_fds_) ::close(fd);
  ::close(listen_fd_);
  ::close(wake_read_fd_);
  ::close(wake_write_fd_);
}

void SilentServer::accept_loop() {
  while (true) {
    std::array<pollfd, 2> watched{{{listen_fd_, POLLIN, 0}, {wake_read_fd_, POLLIN, 0}}};
    if (::poll(watched.data(), watched.size(), -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (watched[1].revents != 0) return;
    if ((watched[0].revents & POLLIN) != 0) {
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd >= 0) {
        accepted_fds_.push_back(fd);
        ++accepted_count_;
      }
    }
  }
}

int unused_local_port() {
  int port = 0;
  const int fd = bind_loopback(port);
  ::close(fd);
  return port;
}

}  // namespace hearth::testing
