#[cfg(test)]
mod grading {
    use super::*;

    /// splitmix64: a small seeded random source, so every run makes the same changes.
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

    fn cluster(ids: &[NodeId]) -> Balancer {
        Balancer::new(ids.iter().map(|&id| Node::new(id)).collect())
    }

    fn health_of(balancer: &Balancer, id: NodeId) -> Health {
        balancer
            .nodes()
            .iter()
            .find(|node| node.id == id)
            .map(Node::health)
            .expect("a node in the list")
    }

    #[test]
    fn random_traffic_drains_crashes_and_joins_lose_only_what_crashes_lose() {
        for seed in [1, 2, 3, 0xD4A1, 0x5CA1E] {
            let mut rng = Rng(seed);
            let mut balancer = cluster(&[0, 1, 2, 3]);
            let mut members: Vec<NodeId> = vec![0, 1, 2, 3];
            let mut next_id = 4;
            let mut next_request: RequestId = 0;
            let mut accepted: Vec<RequestId> = Vec::new();
            let mut finished: Vec<RequestId> = Vec::new();
            let mut lost_in_crashes: Vec<RequestId> = Vec::new();
            let mut refused_by_removed = 0;
            for step in 0..600 {
                match rng.below(10) {
                    0 if !members.is_empty() => {
                        let id = members[rng.below(members.len() as u64) as usize];
                        assert!(balancer.drain(id), "seed {seed}: node {id} is a member");
                    }
                    1 if !members.is_empty() => {
                        let id = members[rng.below(members.len() as u64) as usize];
                        let node = balancer.node_mut(id).unwrap();
                        match node.health() {
                            Health::Up => lost_in_crashes.extend(node.crash()),
                            Health::Down => node.restart(),
                            Health::Draining => {}
                        }
                    }
                    2 => {
                        balancer.add_node(Node::new(next_id));
                        members.push(next_id);
                        next_id += 1;
                    }
                    3 | 4 => finished.extend(balancer.tick()),
                    _ => {
                        for _ in 0..rng.below(6) {
                            let up: Vec<NodeId> = members
                                .iter()
                                .copied()
                                .filter(|&id| health_of(&balancer, id) == Health::Up)
                                .collect();
                            match balancer.route(next_request) {
                                Ok(id) => {
                                    assert!(
                                        up.contains(&id),
                                        "seed {seed}, step {step}: node {id} is not up"
                                    );
                                    accepted.push(next_request);
                                }
                                Err(NoHealthyNode) => assert!(
                                    up.is_empty(),
                                    "seed {seed}, step {step}: nodes {up:?} were up"
                                ),
                            }
                            next_request += 1;
                        }
                    }
                }
                for node in balancer.remove_drained() {
                    let id = node.id;
                    assert_eq!(node.health(), Health::Draining, "seed {seed}: removed {id}");
                    refused_by_removed += node.refused;
                    let lost = node.shut_down();
                    assert!(
                        lost.is_empty(),
                        "seed {seed}, step {step}: node {id} was removed with {lost:?} in flight"
                    );
                    members.retain(|&member| member != id);
                }
                assert_eq!(balancer.node_ids(), members, "seed {seed}, step {step}");
                for node in balancer.nodes() {
                    assert!(
                        !(node.health() == Health::Draining && node.in_flight() == 0),
                        "seed {seed}, step {step}: node {} is drained but was not removed",
                        node.id
                    );
                }
            }
            let refused: u64 = balancer.nodes().iter().map(|node| node.refused).sum();
            assert_eq!(
                refused + refused_by_removed,
                0,
                "seed {seed}: requests were sent to unhealthy nodes"
            );
            while balancer.nodes().iter().any(|node| node.in_flight() > 0) {
                finished.extend(balancer.tick());
            }
            let mut done = finished;
            done.extend(lost_in_crashes);
            done.sort();
            assert_eq!(
                done, accepted,
                "seed {seed}: every accepted request finishes once, or was lost in a crash"
            );
        }
    }

    #[test]
    fn the_turn_matches_a_reference_rotation_while_health_changes() {
        for size in 1..=8usize {
            let mut rng = Rng(size as u64 * 7919);
            let ids: Vec<NodeId> = (0..size).map(|i| 100 + i).collect();
            let mut balancer = cluster(&ids);
            let mut health = vec![Health::Up; size];
            let mut next = 0;
            for request in 0..400 {
                let victim = rng.below(size as u64) as usize;
                match rng.below(12) {
                    0 => {
                        balancer.drain(ids[victim]);
                        health[victim] = Health::Draining;
                    }
                    1 | 2 if health[victim] == Health::Up => {
                        balancer.node_mut(ids[victim]).unwrap().crash();
                        health[victim] = Health::Down;
                    }
                    3..=5 if health[victim] == Health::Down => {
                        balancer.node_mut(ids[victim]).unwrap().restart();
                        health[victim] = Health::Up;
                    }
                    _ => {}
                }
                let expected = (0..size)
                    .map(|step| (next + step) % size)
                    .find(|&index| health[index] == Health::Up);
                let got = balancer.route(request);
                match expected {
                    Some(index) => {
                        assert_eq!(got, Ok(ids[index]), "{size} nodes, request {request}");
                        next = (index + 1) % size;
                    }
                    None => assert_eq!(got, Err(NoHealthyNode), "{size} nodes, none up"),
                }
                balancer.tick();
            }
        }
    }

    #[test]
    fn a_busy_cluster_scaled_in_one_node_at_a_time_down_to_nothing_loses_nothing() {
        let ids: Vec<NodeId> = (0..10).collect();
        let mut balancer = cluster(&ids);
        let mut accepted = Vec::new();
        let mut finished = Vec::new();
        for request in 0..200 {
            balancer.route(request).unwrap();
            accepted.push(request);
        }
        for &id in &ids {
            assert!(balancer.drain(id));
            for _ in 0..3 {
                finished.extend(balancer.tick());
                for node in balancer.remove_drained() {
                    let lost = node.shut_down();
                    assert!(lost.is_empty(), "lost {lost:?}");
                }
            }
        }
        assert_eq!(
            balancer.route(999),
            Err(NoHealthyNode),
            "every node is draining"
        );
        while !balancer.node_ids().is_empty() {
            finished.extend(balancer.tick());
            for node in balancer.remove_drained() {
                let lost = node.shut_down();
                assert!(lost.is_empty(), "lost {lost:?}");
            }
        }
        finished.sort();
        assert_eq!(
            finished, accepted,
            "all 200 requests finished before their nodes left"
        );
    }
}
