#pragma once
// The ranks of an MPI job as a koubei::Cluster (library koubei::mpi, built
// when Open MPI is found). MPI is started only when the process was launched
// by mpirun, so the same binary runs alone without an MPI runtime around it.

#include <memory>

#include "koubei/batch/cluster.hpp"

namespace koubei {

class MpiCluster final : public Cluster {
 public:
  /// True when this process was started by mpirun (or another MPI launcher).
  static bool launched_by_mpirun();

  /// MPI_Init_thread (funneled: only the thread that made the cluster calls
  /// MPI); the destructor calls MPI_Finalize.
  MpiCluster(int* argc, char*** argv);
  ~MpiCluster() override;
  MpiCluster(const MpiCluster&) = delete;
  MpiCluster& operator=(const MpiCluster&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  std::string broadcast(const std::string& text) override;
  void send(int target, const std::string& text) override;
  std::optional<Message> poll() override;

  /// Ends every rank at once (after an error on one of them).
  [[noreturn]] void abort(int code);

 private:
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace koubei
