#[cfg(test)]
mod grading {
    use super::*;

    const CUSTOMERS: [&str; 8] = [
        "ada", "alan", "grace", "edsger", "barbara", "donald", "leslie", "margaret",
    ];

    fn order(client: u32, seq: u64, customer: &str, salt: u64) -> Order {
        Order {
            request: RequestId { client, seq },
            customer: customer.to_string(),
            total_cents: seq * 13 + salt,
        }
    }

    fn copies(cluster: &StoreCluster, wanted: &Order) -> usize {
        (0..STORE_NODES)
            .filter(|&node| {
                cluster
                    .disk(node)
                    .orders_of(&wanted.customer)
                    .contains(wanted)
            })
            .count()
    }

    fn replicas_down(cluster: &StoreCluster, customer: &str) -> usize {
        cluster
            .replicas_of(partition_of(customer))
            .into_iter()
            .filter(|&node| !cluster.is_up(node))
            .count()
    }

    /// One seeded storm: store nodes crash and restart, API nodes restart empty, messages
    /// are lost, clients place orders (retrying with the same request id) and read lists.
    /// Returns how many orders were acknowledged.
    fn storm(seed: u64, steps: u64, timeout_percent: u64) -> usize {
        let mut rng = Rng(seed ^ 0xA5A5);
        let mut cluster = StoreCluster::new(seed, timeout_percent);
        let mut api: Vec<ApiNode> = (0..4).map(|_| ApiNode::new()).collect();
        let mut acknowledged: Vec<Order> = Vec::new();
        let mut attempted: BTreeMap<RequestId, Order> = BTreeMap::new();
        let mut next_seq = [0u64; 5];
        for step in 0..steps {
            let via = rng.below(api.len() as u64) as usize;
            match rng.below(20) {
                0 | 1 => cluster.crash(rng.below(STORE_NODES as u64) as usize),
                2..=5 => cluster.restart(rng.below(STORE_NODES as u64) as usize),
                6 => api[via] = ApiNode::new(),
                7..=11 => {
                    let client = rng.below(5) as u32;
                    next_seq[client as usize] += 1;
                    let customer = CUSTOMERS[rng.below(CUSTOMERS.len() as u64) as usize];
                    let placed = order(client, next_seq[client as usize], customer, seed);
                    attempted.insert(placed.request, placed.clone());
                    for attempt in 0..3 {
                        let down = replicas_down(&cluster, customer);
                        let result =
                            api[(via + attempt) % api.len()].place_order(&mut cluster, &placed);
                        if down >= 2 {
                            assert_eq!(
                                result,
                                Err(ApiError::Unavailable),
                                "seed {seed} step {step}: {down} replicas of {customer} are down; the order must not be acknowledged"
                            );
                        }
                        if result == Ok(()) {
                            assert!(
                                copies(&cluster, &placed) >= MAJORITY,
                                "seed {seed} step {step}: order {:?} acknowledged but on fewer than {MAJORITY} disks",
                                placed.request
                            );
                            acknowledged.push(placed.clone());
                            break;
                        }
                    }
                }
                _ => {
                    let customer = CUSTOMERS[rng.below(CUSTOMERS.len() as u64) as usize];
                    let down = replicas_down(&cluster, customer);
                    match api[via].orders_of(&mut cluster, customer) {
                        Ok(found) => {
                            assert!(
                                down < 2,
                                "seed {seed} step {step}: {down} replicas of {customer} are down, so no majority could answer"
                            );
                            for wanted in acknowledged.iter().filter(|o| o.customer == customer) {
                                assert!(
                                    found.contains(wanted),
                                    "seed {seed} step {step}: acknowledged order {:?} missing",
                                    wanted.request
                                );
                            }
                            for pair in found.windows(2) {
                                assert!(
                                    pair[0].request < pair[1].request,
                                    "seed {seed} step {step}: the list must be sorted by request id, each order once"
                                );
                            }
                            for got in &found {
                                assert_eq!(
                                    Some(got),
                                    attempted.get(&got.request),
                                    "seed {seed} step {step}: an order nobody placed that way"
                                );
                                assert_eq!(got.customer, customer, "seed {seed} step {step}");
                            }
                        }
                        Err(ApiError::Unavailable) => {}
                    }
                }
            }
        }
        cluster.heal();
        let fresh = ApiNode::new();
        for customer in CUSTOMERS {
            let found = fresh.orders_of(&mut cluster, customer).unwrap();
            for wanted in acknowledged.iter().filter(|o| o.customer == customer) {
                assert_eq!(
                    found.iter().filter(|o| *o == wanted).count(),
                    1,
                    "seed {seed}: acknowledged order {:?} must be there exactly once",
                    wanted.request
                );
            }
        }
        acknowledged.len()
    }

    #[test]
    fn acknowledged_orders_survive_many_seeded_storms() {
        let mut total = 0;
        for seed in 1..=15 {
            total += storm(seed, 400, 10);
        }
        assert!(
            total >= 800,
            "the storms should acknowledge plenty of orders, got {total}"
        );
    }

    #[test]
    fn acknowledged_orders_survive_storms_without_lost_messages_and_with_many() {
        for seed in 100..106 {
            storm(seed, 400, 0);
        }
        for seed in 200..206 {
            storm(seed, 400, 35);
        }
    }

    #[test]
    fn a_read_merges_what_different_replicas_hold() {
        let mut cluster = StoreCluster::new(5, 0);
        let api = ApiNode::new();
        let holders = cluster.replicas_of(partition_of("grace"));
        let mut placed = Vec::new();
        // Three orders, each missed by a different replica.
        for (seq, &missing) in holders.iter().enumerate() {
            cluster.crash(missing);
            let o = order(1, seq as u64, "grace", 0);
            assert_eq!(api.place_order(&mut cluster, &o), Ok(()));
            cluster.restart(missing);
            placed.push(o);
        }
        assert_eq!(
            api.orders_of(&mut cluster, "grace"),
            Ok(placed.clone()),
            "no replica holds all three orders, but any two of them together do"
        );
        for &down in &holders {
            cluster.crash(down);
            assert_eq!(api.orders_of(&mut cluster, "grace"), Ok(placed.clone()));
            cluster.restart(down);
        }
    }

    #[test]
    fn the_replica_alone_follows_its_contract() {
        let mut rng = Rng(77);
        let mut replica = Replica::new();
        let mut model: BTreeMap<String, BTreeMap<RequestId, Order>> = BTreeMap::new();
        for step in 0..800u64 {
            let customer = CUSTOMERS[rng.below(4) as usize];
            let request = RequestId {
                client: rng.below(3) as u32,
                seq: rng.below(40),
            };
            let o = Order {
                request,
                customer: customer.to_string(),
                total_cents: step,
            };
            let orders = model.entry(customer.to_string()).or_default();
            let new = !orders.contains_key(&request);
            if new {
                orders.insert(request, o.clone());
            }
            assert_eq!(
                replica.store(&o),
                new,
                "step {step}: {request:?} for {customer}"
            );
            let want: Vec<Order> = orders.values().cloned().collect();
            assert_eq!(
                replica.orders_of(customer),
                want,
                "step {step}: the first copy of each request is kept"
            );
        }
        assert_eq!(replica.orders_of("nobody"), vec![]);
    }

    #[test]
    fn separate_clusters_share_nothing_through_the_api_tier() {
        let mut east = StoreCluster::new(1, 0);
        let mut west = StoreCluster::new(2, 0);
        let api = ApiNode::new();
        let east_order = order(1, 1, "ada", 10);
        let west_order = order(1, 1, "ada", 20);
        assert_eq!(api.place_order(&mut east, &east_order), Ok(()));
        assert_eq!(
            api.orders_of(&mut west, "ada"),
            Ok(vec![]),
            "the order was placed in the other cluster"
        );
        assert_eq!(api.place_order(&mut west, &west_order), Ok(()));
        assert_eq!(
            api.orders_of(&mut east, "ada"),
            Ok(vec![east_order]),
            "an API node holds no orders of its own"
        );
        assert_eq!(api.orders_of(&mut west, "ada"), Ok(vec![west_order]));
    }

    #[test]
    fn the_api_node_keeps_no_copy_of_what_it_wrote() {
        let mut cluster = StoreCluster::new(3, 0);
        let api = ApiNode::new();
        assert_eq!(
            api.place_order(&mut cluster, &order(1, 1, "leslie", 0)),
            Ok(())
        );
        let holders = cluster.replicas_of(partition_of("leslie"));
        cluster.crash(holders[0]);
        cluster.crash(holders[2]);
        assert_eq!(
            api.orders_of(&mut cluster, "leslie"),
            Err(ApiError::Unavailable),
            "with its partition down to one replica, even the API node that placed the order cannot answer"
        );
    }

    #[test]
    fn a_repeat_through_the_same_api_node_is_written_again() {
        let mut cluster = StoreCluster::new(4, 0);
        let api = ApiNode::new();
        let holders = cluster.replicas_of(partition_of("margaret"));
        let placed = order(2, 5, "margaret", 0);
        for node in &holders {
            cluster.crash(*node);
        }
        assert_eq!(
            api.place_order(&mut cluster, &placed),
            Err(ApiError::Unavailable)
        );
        for node in &holders {
            cluster.restart(*node);
        }
        assert_eq!(api.place_order(&mut cluster, &placed), Ok(()));
        assert_eq!(
            copies(&cluster, &placed),
            REPLICAS,
            "the retry went to every replica"
        );
    }
}
