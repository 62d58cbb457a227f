#pragma once
// The processes a sweep runs on. One process is a cluster of one; under
// mpirun each rank is a member (koubei/mpi/mpi_cluster.hpp). Rank 0 is the
// root: it decides what is left to do, collects every finished replicate and
// writes the files. The sweep only needs these few messages, so the library
// itself does not depend on MPI.

#include <optional>
#include <string>

namespace koubei {

class Cluster {
 public:
  struct Message {
    int source = 0;
    std::string text;
  };

  virtual ~Cluster() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  bool is_root() const { return rank() == 0; }

  /// Everyone calls it; every rank returns the root's `text`.
  virtual std::string broadcast(const std::string& text) = 0;
  /// Sends `text` to rank `target` (never to itself).
  virtual void send(int target, const std::string& text) = 0;
  /// A message that has arrived for this rank, if any; does not wait.
  virtual std::optional<Message> poll() = 0;
};

/// This process alone.
class SingleProcess final : public Cluster {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::string broadcast(const std::string& text) override { return text; }
  void send(int, const std::string&) override {}
  std::optional<Message> poll() override { return std::nullopt; }
};

}  // namespace koubei
