#[cfg(test)]
mod grading {
    use super::*;

    fn cluster(size: usize) -> Balancer {
        Balancer::new((0..size).map(Node::new).collect())
    }

    fn total_attempts(balancer: &Balancer) -> u64 {
        balancer.nodes().iter().map(|node| node.attempts).sum()
    }

    #[test]
    fn random_faults_on_clusters_of_many_sizes_fixed_seeds() {
        for (seed, size) in [(1, 2), (2, 3), (3, 8), (0xFA11, 12), (0xC0FFEE, 20)] {
            let mut rng = Rng::new(seed);
            let mut balancer = cluster(size);
            let (mut answered, mut refused) = (0, 0);
            for i in 0..1_000i64 {
                for _ in 0..rng.below(3) {
                    let victim = rng.below(size as u64) as usize;
                    let node = balancer.node_mut(victim).unwrap();
                    if rng.below(2) == 0 {
                        node.restart();
                    } else {
                        node.crash();
                    }
                }
                let up = balancer.nodes().iter().filter(|node| node.is_up()).count();
                let before = total_attempts(&balancer);
                let request = [-i, i * 7, 5];
                match balancer.handle(&request) {
                    Ok(reply) => {
                        answered += 1;
                        assert_eq!(reply.maximum, request.iter().copied().max());
                        let node = &balancer.nodes()[reply.node];
                        assert!(node.is_up(), "seed {seed}: a down node answered");
                    }
                    Err(error) => {
                        refused += 1;
                        assert_eq!(
                            up, 0,
                            "seed {seed}, request {i}: refused with {up} nodes up"
                        );
                        assert_eq!(error, AllNodesDown { tried: size });
                    }
                }
                let tries = total_attempts(&balancer) - before;
                assert!(
                    tries >= 1 && tries <= size as u64,
                    "seed {seed}: {tries} tries"
                );
            }
            let served: u64 = balancer.nodes().iter().map(|node| node.served).sum();
            assert_eq!(
                served, answered,
                "seed {seed}: one serve per answered request"
            );
            assert_eq!(answered + refused, 1_000);
        }
    }

    #[test]
    fn with_one_node_up_it_answers_everything_whichever_it_is() {
        for size in 1..=10 {
            for survivor in 0..size {
                let mut balancer = cluster(size);
                for id in (0..size).filter(|&id| id != survivor) {
                    balancer.node_mut(id).unwrap().crash();
                }
                for i in 0..(2 * size as i64) {
                    let reply = balancer.handle(&[i]).expect("one node is up");
                    assert_eq!(
                        reply,
                        Reply {
                            node: survivor,
                            maximum: Some(i)
                        }
                    );
                }
            }
        }
    }

    #[test]
    fn a_retry_goes_to_the_following_node_not_back_to_the_start() {
        let size = 6;
        for down in 0..size {
            let mut balancer = cluster(size);
            for _ in 0..down {
                balancer.handle(&[0]).unwrap();
            }
            balancer.node_mut(down).unwrap().crash();
            let reply = balancer.handle(&[0]).unwrap();
            assert_eq!(reply.node, (down + 1) % size, "node {down} was down");
        }
    }

    #[test]
    fn all_down_is_reported_for_every_cluster_size_with_one_try_each() {
        for size in 1..=12 {
            let mut balancer = cluster(size);
            for id in 0..size {
                balancer.node_mut(id).unwrap().crash();
            }
            for round in 1..=3 {
                let error = balancer.handle(&[1]).unwrap_err();
                assert_eq!(error, AllNodesDown { tried: size });
                assert_eq!(
                    error.to_string(),
                    format!("no node could answer: all {size} nodes are down")
                );
                for node in balancer.nodes() {
                    assert_eq!(node.attempts, round, "each node once per refused request");
                }
            }
        }
    }

    #[test]
    fn an_empty_cluster_reports_that_no_node_was_tried() {
        let mut balancer = Balancer::new(Vec::new());
        assert_eq!(balancer.handle(&[1]), Err(AllNodesDown { tried: 0 }));
    }
}
