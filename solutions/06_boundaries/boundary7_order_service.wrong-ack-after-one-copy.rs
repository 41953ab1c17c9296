// boundary7_order_service: the whole module in one system (capstone)
//
// A shop takes orders through a tier of identical API nodes. Behind them, a data tier
// keeps the orders: each customer's orders live in one of `PARTITIONS` partitions, and
// each partition is kept on `REPLICAS` (3) of the `STORE_NODES` (5) store nodes.
//
//          clients: any request may reach any API node, and clients retry
//             |               |               |
//        +---------+     +---------+     +---------+
//        | ApiNode |     | ApiNode |     | ApiNode |   stateless: route, count, merge
//        +---------+     +---------+     +---------+
//             \   partition_of(customer) -> replicas_of(partition)
//        +-------------+-------------+-------------+
//        | partition 0 | partition 1 | partition 2 |   stateful: 3 replicas of each,
//        +-------------+-------------+-------------+   spread over 5 store nodes
//
// Three ideas of the earlier chapters meet here.
//
//  1. Routing by key (chapter 5). `partition_of(customer)` names the partition that holds
//     a customer's orders, `replicas_of(partition)` the store nodes that hold it. Every
//     API node computes the same answer, so no API node needs to remember anything.
//
//  2. Majorities (chapter 5). A write counts once a majority of the partition's replicas
//     stored it: W = 2 of N = 3. A read asks replicas until a majority answered: R = 2.
//     Because R + W > N, the two replicas that answer a read and the two that stored an
//     acknowledged order share at least one: a read cannot miss an acknowledged order.
//     And with one replica down, writes and reads both still work. (Writing to all three
//     and reading any one also has R + W > N, 3 + 1 > 3, but then one replica down
//     stops every write; writing to two and reading one has 2 + 1 = 3: a read can ask
//     exactly the replica that missed the write, and answer that the order is not there.)
//
//  3. Request ids and dedupe (chapter 4). Messages get lost, and a write whose reply was
//     lost may have been stored. The client gives each order a request id, (client,
//     sequence number), and sends every retry with the same id, through any API node.
//     Each replica keeps one order per request id, so a retried order is stored once.
//
// Orders never change once placed, so a replica's orders only grow, and a read can merge
// the answers it got: every order any of them has, once. (Values that change would need
// versions, so that a read could tell the newest copy.)
//
// Your task:
//   - `Replica`, the stateful part: one per store node, kept on its disk by the cluster.
//     `store` keeps an order unless the replica already has one with that request id,
//     and says whether the order was new; `orders_of` lists a customer's orders on this
//     replica, sorted by request id.
//   - `ApiNode::place_order`: send the order to every replica of its customer's
//     partition, and answer `Ok(())` if at least `MAJORITY` confirmed, else
//     `Err(ApiError::Unavailable)`. (The order may then be on fewer replicas: the client
//     will retry with the same request id, which is safe.)
//   - `ApiNode::orders_of`: ask the replicas of the customer's partition, in the order
//     `replicas_of` gives them, skipping those that are down or do not answer, until
//     `MAJORITY` have answered; return the merge of their lists, sorted by request id.
//     When fewer than `MAJORITY` answer, return `Err(ApiError::Unavailable)`, never a
//     shorter list: "I could not find out" is not "these are all the orders".
// Keep `ApiNode` stateless: the tests throw API nodes away and start new ones at will.

// ----- provided: you do not need to change this -----
use std::collections::BTreeMap;

pub const PARTITIONS: usize = 3;
pub const REPLICAS: usize = 3;
/// How many replicas of a partition make a majority: 2 of 3.
pub const MAJORITY: usize = REPLICAS / 2 + 1;
pub const STORE_NODES: usize = 5;

/// Names one order: the client that placed it and that client's sequence number. The
/// client picks it once per order and sends the same one with every retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RequestId {
    pub client: u32,
    pub seq: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub request: RequestId,
    pub customer: String,
    pub total_cents: u64,
}

/// Why a store node did not answer a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreError {
    /// The node is crashed.
    Down,
    /// No reply came. A write may or may not have been carried out.
    Timeout,
    /// The node does not hold that customer's partition.
    WrongPartition,
}

/// What an API node answers when it cannot keep its promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiError {
    Unavailable,
}

/// The partition that holds a customer's orders. A stable hash (FNV-1a, then mixed):
/// the same on every node, in every run.
pub fn partition_of(customer: &str) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in customer.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash ^= hash >> 30;
    hash = hash.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash ^= hash >> 27;
    hash = hash.wrapping_mul(0x94d0_49bb_1331_11eb);
    ((hash ^ (hash >> 31)) % PARTITIONS as u64) as usize
}

/// splitmix64: a small, seeded, deterministic random source.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

struct StoreNode {
    up: bool,
    /// What is on the node's disk: it survives crashes and restarts.
    disk: Replica,
}

/// The data tier: `STORE_NODES` store nodes, and a network that loses `timeout_percent`
/// of the requests or their replies (chosen by a seeded random source).
pub struct StoreCluster {
    nodes: Vec<StoreNode>,
    network: Rng,
    timeout_percent: u64,
}

impl StoreCluster {
    pub fn new(seed: u64, timeout_percent: u64) -> Self {
        let nodes = (0..STORE_NODES)
            .map(|_| StoreNode {
                up: true,
                disk: Replica::new(),
            })
            .collect();
        StoreCluster {
            nodes,
            network: Rng(seed),
            timeout_percent,
        }
    }

    /// The store nodes that hold `partition`: nodes 2p, 2p+1 and 2p+2, counted modulo 5.
    pub fn replicas_of(&self, partition: usize) -> Vec<usize> {
        (0..REPLICAS)
            .map(|r| (2 * partition + r) % STORE_NODES)
            .collect()
    }

    /// Stores the order on `node`'s disk, then confirms.
    pub fn write(&mut self, node: usize, order: &Order) -> Result<(), StoreError> {
        self.check(node, &order.customer)?;
        if self.network.below(100) < self.timeout_percent {
            if self.network.below(2) == 0 {
                // The request arrived and was carried out; only the reply was lost.
                self.nodes[node].disk.store(order);
            }
            return Err(StoreError::Timeout);
        }
        self.nodes[node].disk.store(order);
        Ok(())
    }

    /// The customer's orders on `node`, sorted by request id.
    pub fn read(&mut self, node: usize, customer: &str) -> Result<Vec<Order>, StoreError> {
        self.check(node, customer)?;
        if self.network.below(100) < self.timeout_percent {
            return Err(StoreError::Timeout);
        }
        Ok(self.nodes[node].disk.orders_of(customer))
    }

    /// The node stops answering. Its disk is kept.
    pub fn crash(&mut self, node: usize) {
        self.nodes[node].up = false;
    }

    /// The node answers again, with everything that is on its disk.
    pub fn restart(&mut self, node: usize) {
        self.nodes[node].up = true;
    }

    pub fn is_up(&self, node: usize) -> bool {
        self.nodes[node].up
    }

    /// Every node up, no more lost messages: the end of a test scenario.
    pub fn heal(&mut self) {
        self.timeout_percent = 0;
        for node in &mut self.nodes {
            node.up = true;
        }
    }

    /// For tests: looks straight at a node's disk, whether the node is up or not.
    pub fn disk(&self, node: usize) -> &Replica {
        &self.nodes[node].disk
    }

    fn check(&self, node: usize, customer: &str) -> Result<(), StoreError> {
        if !self.replicas_of(partition_of(customer)).contains(&node) {
            return Err(StoreError::WrongPartition);
        }
        if !self.nodes[node].up {
            return Err(StoreError::Down);
        }
        Ok(())
    }
}

// ----- your code -----

/// What one store node keeps: the orders it was given, one per request id.
#[derive(Debug, Default)]
pub struct Replica {
    /// Each customer's orders, by request id: a repeat of a request finds its order.
    by_customer: BTreeMap<String, BTreeMap<RequestId, Order>>,
}

impl Replica {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the order unless one with its request id is already here. True if it was new.
    pub fn store(&mut self, order: &Order) -> bool {
        let orders = self.by_customer.entry(order.customer.clone()).or_default();
        if orders.contains_key(&order.request) {
            return false;
        }
        orders.insert(order.request, order.clone());
        true
    }

    /// The customer's orders on this replica, sorted by request id.
    pub fn orders_of(&self, customer: &str) -> Vec<Order> {
        self.by_customer
            .get(customer)
            .map(|orders| orders.values().cloned().collect())
            .unwrap_or_default()
    }
}

/// One node of the API tier. It has no fields: everything it needs comes with the
/// request or from the cluster.
#[derive(Debug, Default)]
pub struct ApiNode {}

impl ApiNode {
    /// A freshly started API node.
    pub fn new() -> Self {
        Self::default()
    }

    /// Acknowledges the order once a majority of its partition's replicas stored it.
    pub fn place_order(&self, cluster: &mut StoreCluster, order: &Order) -> Result<(), ApiError> {
        let replicas = cluster.replicas_of(partition_of(&order.customer));
        // Every replica gets the order, even after a majority confirmed: a third copy
        // costs little and makes the next crash harmless.
        let confirmed = replicas
            .into_iter()
            .filter(|&node| cluster.write(node, order).is_ok())
            .count();
        if confirmed >= 1 {
            Ok(())
        } else {
            Err(ApiError::Unavailable)
        }
    }

    /// Every order of the customer that a majority of replicas knows of, each once.
    pub fn orders_of(
        &self,
        cluster: &mut StoreCluster,
        customer: &str,
    ) -> Result<Vec<Order>, ApiError> {
        let mut merged: BTreeMap<RequestId, Order> = BTreeMap::new();
        let mut answered = 0;
        for node in cluster.replicas_of(partition_of(customer)) {
            if answered == MAJORITY {
                break;
            }
            if let Ok(orders) = cluster.read(node, customer) {
                answered += 1;
                for order in orders {
                    merged.insert(order.request, order);
                }
            }
        }
        if answered < MAJORITY {
            // Fewer than a majority answered: an acknowledged order may be on exactly
            // the replicas that did not answer.
            return Err(ApiError::Unavailable);
        }
        Ok(merged.into_values().collect())
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    const CUSTOMERS: [&str; 6] = ["ada", "alan", "grace", "edsger", "barbara", "donald"];

    fn order(client: u32, seq: u64, customer: &str) -> Order {
        Order {
            request: RequestId { client, seq },
            customer: customer.to_string(),
            total_cents: 100 + seq * 7 + u64::from(client),
        }
    }

    /// The store nodes that hold the customer's partition.
    fn replicas(cluster: &StoreCluster, customer: &str) -> Vec<usize> {
        cluster.replicas_of(partition_of(customer))
    }

    /// How many store nodes hold this order on their disk.
    fn copies(cluster: &StoreCluster, wanted: &Order) -> usize {
        (0..STORE_NODES)
            .filter(|&node| {
                cluster
                    .disk(node)
                    .orders_of(&wanted.customer)
                    .iter()
                    .any(|o| o == wanted)
            })
            .count()
    }

    /// A client placing an order: up to `tries` attempts, through the API nodes in turn,
    /// every one with the same request id. True once an attempt was acknowledged.
    fn place_with_retries(
        api: &[ApiNode],
        first: usize,
        cluster: &mut StoreCluster,
        order: &Order,
        tries: usize,
    ) -> bool {
        (0..tries)
            .any(|attempt| api[(first + attempt) % api.len()].place_order(cluster, order) == Ok(()))
    }

    #[test]
    fn an_order_placed_through_one_api_node_is_listed_by_another() {
        let mut cluster = StoreCluster::new(1, 0);
        let (a, b) = (ApiNode::new(), ApiNode::new());
        assert_eq!(a.place_order(&mut cluster, &order(1, 1, "ada")), Ok(()));
        assert_eq!(
            b.orders_of(&mut cluster, "ada"),
            Ok(vec![order(1, 1, "ada")]),
            "any API node can serve any request"
        );
    }

    #[test]
    fn a_customer_without_orders_has_an_empty_list() {
        let mut cluster = StoreCluster::new(1, 0);
        let api = ApiNode::new();
        assert_eq!(api.place_order(&mut cluster, &order(1, 1, "ada")), Ok(()));
        assert_eq!(api.orders_of(&mut cluster, "nobody"), Ok(vec![]));
    }

    #[test]
    fn a_customers_orders_live_on_the_replicas_of_its_partition_and_nowhere_else() {
        let mut cluster = StoreCluster::new(1, 0);
        let api = ApiNode::new();
        for (seq, customer) in CUSTOMERS.iter().enumerate() {
            assert_eq!(
                api.place_order(&mut cluster, &order(1, seq as u64, customer)),
                Ok(())
            );
        }
        for customer in CUSTOMERS {
            let holders = replicas(&cluster, customer);
            for node in 0..STORE_NODES {
                assert_eq!(
                    cluster.disk(node).orders_of(customer).len(),
                    usize::from(holders.contains(&node)),
                    "{customer}'s order belongs on every replica {holders:?} of partition {}, and only there; look at node {node}",
                    partition_of(customer)
                );
            }
        }
    }

    #[test]
    fn an_order_is_acknowledged_while_one_replica_is_down() {
        let mut cluster = StoreCluster::new(1, 0);
        let api = ApiNode::new();
        let holders = replicas(&cluster, "grace");
        cluster.crash(holders[0]);
        let placed = order(1, 1, "grace");
        assert_eq!(
            api.place_order(&mut cluster, &placed),
            Ok(()),
            "two of three replicas stored it: a majority, so the order is acknowledged"
        );
        assert_eq!(
            copies(&cluster, &placed),
            2,
            "it is on the two replicas that are up"
        );
    }

    #[test]
    fn an_order_is_not_acknowledged_while_two_replicas_are_down() {
        let mut cluster = StoreCluster::new(1, 0);
        let api = ApiNode::new();
        let holders = replicas(&cluster, "alan");
        cluster.crash(holders[1]);
        cluster.crash(holders[2]);
        let placed = order(1, 1, "alan");
        assert_eq!(
            api.place_order(&mut cluster, &placed),
            Err(ApiError::Unavailable),
            "one copy is not a majority: acknowledging now would promise what one crash can break"
        );
        cluster.restart(holders[1]);
        assert_eq!(
            api.place_order(&mut cluster, &placed),
            Ok(()),
            "the client retries the same order through the same API node; now two replicas are up"
        );
        assert_eq!(
            copies(&cluster, &placed),
            2,
            "the retry really wrote it: it is on a majority of disks"
        );
    }

    #[test]
    fn a_replica_keeps_one_order_per_request_id() {
        let mut replica = Replica::new();
        assert!(replica.store(&order(1, 1, "ada")), "a new order");
        assert!(
            !replica.store(&order(1, 1, "ada")),
            "the same request again is a retry: not a new order"
        );
        assert!(replica.store(&order(2, 1, "ada")), "another client's order");
        assert!(
            replica.store(&order(1, 2, "ada")),
            "the client's next order"
        );
        assert_eq!(
            replica.orders_of("ada"),
            vec![order(1, 1, "ada"), order(1, 2, "ada"), order(2, 1, "ada")],
            "each order once, sorted by request id (client, then sequence number)"
        );
        assert_eq!(replica.orders_of("alan"), vec![]);
    }

    #[test]
    fn a_retried_order_is_listed_once() {
        let mut cluster = StoreCluster::new(1, 0);
        let api: Vec<ApiNode> = (0..3).map(|_| ApiNode::new()).collect();
        let placed = order(7, 1, "edsger");
        for via in &api {
            assert_eq!(
                via.place_order(&mut cluster, &placed),
                Ok(()),
                "the client never heard back, so it retries through every API node"
            );
        }
        assert_eq!(
            api[0].orders_of(&mut cluster, "edsger"),
            Ok(vec![placed.clone()]),
            "three tries of one order are one order, also when two replicas' answers are merged"
        );
        for node in replicas(&cluster, "edsger") {
            assert_eq!(cluster.disk(node).orders_of("edsger"), vec![placed.clone()]);
        }
    }

    #[test]
    fn a_read_through_any_majority_sees_every_acknowledged_order() {
        let mut cluster = StoreCluster::new(1, 0);
        let api = ApiNode::new();
        let holders = replicas(&cluster, "barbara");
        // The first replica misses the order: it is down while the order is placed.
        cluster.crash(holders[0]);
        let placed = order(3, 1, "barbara");
        assert_eq!(api.place_order(&mut cluster, &placed), Ok(()));
        cluster.restart(holders[0]);
        assert_eq!(
            api.orders_of(&mut cluster, "barbara"),
            Ok(vec![placed.clone()]),
            "replica {} answers first and has nothing; a read must hear a majority, and the second replica has the order",
            holders[0]
        );
        for down in holders.clone() {
            cluster.crash(down);
            assert_eq!(
                api.orders_of(&mut cluster, "barbara"),
                Ok(vec![placed.clone()]),
                "replica {down} is down: the other two are a majority, and one of them has the order"
            );
            cluster.restart(down);
        }
    }

    #[test]
    fn with_fewer_than_a_majority_up_a_read_is_unavailable_not_short() {
        let mut cluster = StoreCluster::new(1, 0);
        let api = ApiNode::new();
        let holders = replicas(&cluster, "donald");
        cluster.crash(holders[0]);
        assert_eq!(
            api.place_order(&mut cluster, &order(1, 1, "donald")),
            Ok(())
        );
        cluster.restart(holders[0]);
        cluster.crash(holders[1]);
        cluster.crash(holders[2]);
        assert_eq!(
            api.orders_of(&mut cluster, "donald"),
            Err(ApiError::Unavailable),
            "only replica {} answers, and it missed the order: an empty list would be a lie",
            holders[0]
        );
    }

    #[test]
    fn a_read_moves_on_when_a_replica_does_not_answer() {
        // Half of all messages are lost. A read that gives up at the first silence fails
        // most of the time; one that asks the next replica fails far less often.
        let mut cluster = StoreCluster::new(11, 50);
        let api: Vec<ApiNode> = (0..3).map(|_| ApiNode::new()).collect();
        let placed = order(1, 1, "ada");
        assert!(
            place_with_retries(&api, 0, &mut cluster, &placed, 50),
            "with retries, the order gets through"
        );
        let mut served = 0;
        for round in 0..100 {
            if let Ok(found) = api[round % 3].orders_of(&mut cluster, "ada") {
                assert!(found.contains(&placed), "the order was acknowledged");
                served += 1;
            }
        }
        assert!(
            served >= 35,
            "a read that tries every replica should succeed about half the time here; {served} of 100 did"
        );
    }

    #[test]
    fn every_acknowledged_order_survives_crashes_restarts_lost_messages_and_retries() {
        let mut rng = Rng(2024);
        let mut cluster = StoreCluster::new(7, 10);
        let mut api: Vec<ApiNode> = (0..3).map(|_| ApiNode::new()).collect();
        let mut acknowledged: Vec<Order> = Vec::new();
        let mut attempted: BTreeMap<RequestId, Order> = BTreeMap::new();
        let mut seq = 0;
        for step in 0..600u64 {
            let via = rng.below(3) as usize;
            match rng.below(20) {
                0 | 1 => cluster.crash(rng.below(STORE_NODES as u64) as usize),
                2..=5 => cluster.restart(rng.below(STORE_NODES as u64) as usize),
                6 => api[via] = ApiNode::new(),
                7..=12 => {
                    seq += 1;
                    let customer = CUSTOMERS[rng.below(6) as usize];
                    let placed = order(rng.below(4) as u32, seq, customer);
                    attempted.insert(placed.request, placed.clone());
                    if place_with_retries(&api, via, &mut cluster, &placed, 3) {
                        acknowledged.push(placed);
                    }
                }
                _ => {
                    let customer = CUSTOMERS[rng.below(6) as usize];
                    if let Ok(found) = api[via].orders_of(&mut cluster, customer) {
                        for wanted in acknowledged.iter().filter(|o| o.customer == customer) {
                            assert!(
                                found.contains(wanted),
                                "step {step}: order {:?} of {customer} was acknowledged, yet a read missed it",
                                wanted.request
                            );
                        }
                        let mut ids: Vec<RequestId> = found.iter().map(|o| o.request).collect();
                        ids.dedup();
                        assert_eq!(
                            ids.len(),
                            found.len(),
                            "step {step}: {customer}'s list has an order twice (or is not sorted)"
                        );
                        for got in &found {
                            assert_eq!(
                                Some(got),
                                attempted.get(&got.request),
                                "step {step}: a read returned an order nobody placed"
                            );
                        }
                    }
                }
            }
        }
        assert!(
            acknowledged.len() >= 100,
            "the scenario should acknowledge plenty of orders, got {}",
            acknowledged.len()
        );
        cluster.heal();
        let fresh = ApiNode::new();
        for customer in CUSTOMERS {
            let found = fresh
                .orders_of(&mut cluster, customer)
                .expect("every node is up");
            for wanted in acknowledged.iter().filter(|o| o.customer == customer) {
                assert_eq!(
                    found.iter().filter(|o| *o == wanted).count(),
                    1,
                    "after the storm, acknowledged order {:?} is there exactly once",
                    wanted.request
                );
            }
        }
    }
}
