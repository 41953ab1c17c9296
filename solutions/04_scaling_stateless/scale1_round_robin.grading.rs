#[cfg(test)]
mod grading {
    use super::*;

    /// splitmix64: a small seeded random source, so every run sees the same inputs.
    struct Rng(u64);

    impl Rng {
        fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next_u64() % n
        }
    }

    #[test]
    fn every_cluster_size_and_request_count_is_spread_within_one() {
        for size in 1..=9 {
            for requests in 0..=40u64 {
                let mut balancer = RoundRobin::new((0..size).map(Node::new).collect());
                for _ in 0..requests {
                    balancer.handle(&[1]);
                }
                let served = balancer.served();
                let most = *served.iter().max().unwrap();
                let least = *served.iter().min().unwrap();
                assert!(
                    most - least <= 1,
                    "{requests} requests over {size} nodes spread unevenly: {served:?}"
                );
                assert_eq!(
                    served.iter().sum::<u64>(),
                    requests,
                    "every request must be served exactly once"
                );
                let expected: Vec<u64> = (0..size as u64)
                    .map(|i| requests / size as u64 + u64::from(i < requests % size as u64))
                    .collect();
                assert_eq!(served, expected, "node 0 goes first, then in order");
            }
        }
    }

    #[test]
    fn node_names_are_not_positions_the_turn_follows_the_given_order() {
        let ids = [42, 7, 19, 3];
        let mut balancer = RoundRobin::new(ids.iter().map(|&id| Node::new(id)).collect());
        let order: Vec<NodeId> = (0..9).map(|_| balancer.handle(&[0]).node).collect();
        assert_eq!(order, vec![42, 7, 19, 3, 42, 7, 19, 3, 42]);
    }

    #[test]
    fn random_requests_get_the_single_node_answer_fixed_seed() {
        let mut rng = Rng(0x5CA1E);
        for size in [2, 3, 7, 16] {
            let mut single = Node::new(0);
            let mut balancer = RoundRobin::new((0..size).map(Node::new).collect());
            for _ in 0..500 {
                let len = rng.below(12) as usize;
                let request: Vec<i64> = (0..len).map(|_| rng.next_u64() as i64).collect();
                let expected = request.iter().copied().max();
                assert_eq!(single.handle(&request).maximum, expected);
                assert_eq!(
                    balancer.handle(&request).maximum,
                    expected,
                    "a {size}-node cluster answered {request:?} differently from one node"
                );
            }
        }
    }

    #[test]
    fn replies_cycle_through_the_nodes_for_a_long_run() {
        let size = 6;
        let mut balancer = RoundRobin::new((0..size).map(Node::new).collect());
        for i in 0..1_000 {
            let reply = balancer.handle(&[i as i64]);
            assert_eq!(reply.node, i % size, "request {i} went to the wrong node");
            assert_eq!(reply.maximum, Some(i as i64));
        }
    }
}
