#[cfg(test)]
mod grading {
    use super::*;

    fn order(id: u64, seed: u64) -> Order {
        Order {
            id,
            customer: format!("c{}-{}", seed, id % 11),
            total_cents: id * 17 + seed,
        }
    }

    /// One seeded storm: store nodes crash and restart, API nodes restart empty, messages
    /// are lost, orders are placed and read through random API nodes.
    /// Returns how many orders were acknowledged.
    fn storm(seed: u64, steps: u64, timeout_percent: u64) -> usize {
        let mut rng = Rng(seed ^ 0xA5A5);
        let mut cluster = StoreCluster::new(seed, timeout_percent);
        let mut api: Vec<ApiNode> = (0..4).map(|_| ApiNode::new()).collect();
        let mut acknowledged: HashMap<u64, Order> = HashMap::new();
        let mut attempted: HashMap<u64, Order> = HashMap::new();
        let mut ids: Vec<u64> = Vec::new();
        for step in 0..steps {
            let via = rng.below(api.len() as u64) as usize;
            match rng.below(20) {
                0 | 1 => cluster.crash(rng.below(STORE_NODES as u64) as usize),
                2..=5 => cluster.restart(rng.below(STORE_NODES as u64) as usize),
                6 => api[via] = ApiNode::new(),
                7..=11 => {
                    // Mostly new orders, sometimes a client retrying an earlier one.
                    let id = if !ids.is_empty() && rng.below(4) == 0 {
                        ids[rng.below(ids.len() as u64) as usize]
                    } else {
                        10_000 + step
                    };
                    let placed = order(id, seed);
                    attempted.insert(id, placed.clone());
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                    let down: Vec<usize> = cluster
                        .replicas_of(partition_of(id))
                        .into_iter()
                        .filter(|&n| !cluster.is_up(n))
                        .collect();
                    let result = api[via].place_order(&mut cluster, &placed);
                    if !down.is_empty() {
                        assert_eq!(
                            result,
                            Err(ApiError::Unavailable),
                            "seed {seed} step {step}: replicas {down:?} of order {id} are down; it must not be acknowledged"
                        );
                    }
                    if result == Ok(()) {
                        for node in cluster.replicas_of(partition_of(id)) {
                            assert_eq!(
                                cluster.on_disk(node, id),
                                Some(&placed),
                                "seed {seed} step {step}: order {id} acknowledged but not on replica {node}"
                            );
                        }
                        acknowledged.insert(id, placed);
                    }
                }
                _ => {
                    let id = if !ids.is_empty() && rng.below(5) != 0 {
                        ids[rng.below(ids.len() as u64) as usize]
                    } else {
                        500 + rng.below(100)
                    };
                    match api[via].get_order(&mut cluster, id) {
                        Ok(Some(found)) => assert_eq!(
                            Some(&found),
                            attempted.get(&id),
                            "seed {seed} step {step}: read an order nobody placed that way"
                        ),
                        Ok(None) => assert!(
                            !acknowledged.contains_key(&id),
                            "seed {seed} step {step}: acknowledged order {id} reported missing"
                        ),
                        Err(ApiError::Unavailable) => {}
                    }
                }
            }
        }
        cluster.heal();
        let fresh = ApiNode::new();
        for (id, wanted) in &acknowledged {
            assert_eq!(
                fresh.get_order(&mut cluster, *id),
                Ok(Some(wanted.clone())),
                "seed {seed}: acknowledged order {id} lost"
            );
        }
        acknowledged.len()
    }

    #[test]
    fn acknowledged_orders_survive_many_seeded_storms() {
        let mut total = 0;
        for seed in 1..=30 {
            total += storm(seed, 500, 10);
        }
        assert!(
            total >= 600,
            "the storms should acknowledge plenty of orders, got {total}"
        );
    }

    #[test]
    fn acknowledged_orders_survive_storms_without_lost_messages() {
        for seed in 100..110 {
            storm(seed, 500, 0);
        }
    }

    #[test]
    fn a_read_is_served_even_when_the_first_replicas_time_out() {
        // Lost messages everywhere: a read that gives up after one lost reply fails often,
        // one that tries every replica rarely does.
        let mut cluster = StoreCluster::new(99, 50);
        let api = ApiNode::new();
        let mut placed = Vec::new();
        let mut id = 0;
        while placed.len() < 20 {
            id += 1;
            if api.place_order(&mut cluster, &order(id, 1)) == Ok(()) {
                placed.push(id);
            }
        }
        let mut served = 0;
        for _ in 0..10 {
            for &id in &placed {
                match api.get_order(&mut cluster, id) {
                    Ok(found) => {
                        assert_eq!(found, Some(order(id, 1)));
                        served += 1;
                    }
                    Err(ApiError::Unavailable) => {}
                }
            }
        }
        assert!(
            served >= 150,
            "with three replicas, most reads should find one that answers; served {served} of 200"
        );
    }

    #[test]
    fn separate_clusters_share_nothing_through_the_api_tier() {
        let mut east = StoreCluster::new(1, 0);
        let mut west = StoreCluster::new(2, 0);
        let api = ApiNode::new();
        let east_order = Order {
            id: 1,
            customer: "east".to_string(),
            total_cents: 10,
        };
        let west_order = Order {
            id: 1,
            customer: "west".to_string(),
            total_cents: 20,
        };
        assert_eq!(api.place_order(&mut east, &east_order), Ok(()));
        assert_eq!(
            api.get_order(&mut west, 1),
            Ok(None),
            "the order was placed in the other cluster"
        );
        assert_eq!(api.place_order(&mut west, &west_order), Ok(()));
        assert_eq!(
            api.get_order(&mut east, 1),
            Ok(Some(east_order)),
            "an API node holds no orders of its own"
        );
        assert_eq!(api.get_order(&mut west, 1), Ok(Some(west_order)));
    }

    #[test]
    fn the_api_node_keeps_no_copy_of_what_it_wrote() {
        let mut cluster = StoreCluster::new(3, 0);
        let api = ApiNode::new();
        assert_eq!(api.place_order(&mut cluster, &order(42, 0)), Ok(()));
        for node in cluster.replicas_of(partition_of(42)) {
            cluster.crash(node);
        }
        assert_eq!(
            api.get_order(&mut cluster, 42),
            Err(ApiError::Unavailable),
            "with its partition down, even the API node that placed the order cannot serve it"
        );
    }
}
