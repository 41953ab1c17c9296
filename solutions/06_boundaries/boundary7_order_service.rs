// boundary7_order_service: a stateless tier over a replicated data tier (capstone)
//
// The whole chapter in one system. A shop takes orders through a tier of identical API
// nodes. Behind them, a data tier keeps the orders: split by order id into `PARTITIONS`
// partitions, each partition kept on `REPLICAS` of the `STORE_NODES` store nodes.
//
//        clients: any request may reach any API node
//           |            |            |
//      +---------+  +---------+  +---------+
//      | ApiNode |  | ApiNode |  | ApiNode |    stateless: route, replicate, answer
//      +---------+  +---------+  +---------+
//           \    partition_of(order id) -> replicas_of(partition)
//      +-------------+-------------+-------------+
//      | partition 0 | partition 1 | partition 2 |   stateful: 3 copies of each,
//      +-------------+-------------+-------------+   spread over 5 store nodes
//
// Store nodes are stateful: a store node writes an order to its disk before it says Ok,
// and a crashed store node restarts with what is on its disk. API nodes keep nothing: a
// crashed API node restarts empty, and nothing is lost, because nothing was there.
//
// The promise to clients: once `place_order` returned `Ok`, that order survives every
// crash and restart, and every API node can read it back while at least one replica of
// its partition is up.
//
// Your task: implement the two operations of `ApiNode` (the cluster is provided):
//   - `place_order`: find the order's partition (`partition_of`) and its replicas
//     (`StoreCluster::replicas_of`), write the order to every one of them, and answer
//     `Ok(())` only if every replica confirmed. If any write failed, answer
//     `Err(ApiError::Unavailable)`: the client was promised nothing. (The order may now
//     be on some replicas. That is allowed: placing it again is safe, since writing the
//     same order twice stores it once.)
//   - `get_order`: ask the replicas of the order's partition one after another and
//     return the first answer you get; skip a replica that is down or does not answer.
//     Only when no replica answered, return `Err(ApiError::Unavailable)`. Never
//     `Ok(None)` then: "I could not find out" is not "there is no such order".
// Keep `ApiNode` stateless: the tests throw API nodes away and start new ones at will.

// ----- provided: you do not need to change this -----
use std::collections::HashMap;

pub const PARTITIONS: usize = 3;
pub const REPLICAS: usize = 3;
pub const STORE_NODES: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub id: u64,
    pub customer: String,
    pub total_cents: u64,
}

/// Why a store node did not answer a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreError {
    /// The node is crashed.
    Down,
    /// No reply came. The request may or may not have been carried out.
    Timeout,
    /// The node does not hold the partition of that order id.
    WrongPartition,
}

/// What an API node answers when it cannot keep its promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiError {
    Unavailable,
}

/// The partition an order belongs to. A stable hash: the same on every node, every run.
pub fn partition_of(order_id: u64) -> usize {
    let mut z = order_id.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((z ^ (z >> 31)) % PARTITIONS as u64) as usize
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
    disk: HashMap<u64, Order>,
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
                disk: HashMap::new(),
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

    /// Stores the order on `node`'s disk, then confirms. Storing an order twice keeps one.
    pub fn write(&mut self, node: usize, order: &Order) -> Result<(), StoreError> {
        self.check(node, order.id)?;
        if self.network.below(100) < self.timeout_percent {
            if self.network.below(2) == 0 {
                // The request arrived and was carried out; only the reply was lost.
                self.nodes[node].disk.insert(order.id, order.clone());
            }
            return Err(StoreError::Timeout);
        }
        self.nodes[node].disk.insert(order.id, order.clone());
        Ok(())
    }

    /// The order with that id on `node`, or `Ok(None)` if this node has no such order.
    pub fn read(&mut self, node: usize, order_id: u64) -> Result<Option<Order>, StoreError> {
        self.check(node, order_id)?;
        if self.network.below(100) < self.timeout_percent {
            return Err(StoreError::Timeout);
        }
        Ok(self.nodes[node].disk.get(&order_id).cloned())
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
    pub fn on_disk(&self, node: usize, order_id: u64) -> Option<&Order> {
        self.nodes[node].disk.get(&order_id)
    }

    fn check(&self, node: usize, order_id: u64) -> Result<(), StoreError> {
        if !self.replicas_of(partition_of(order_id)).contains(&node) {
            return Err(StoreError::WrongPartition);
        }
        if !self.nodes[node].up {
            return Err(StoreError::Down);
        }
        Ok(())
    }
}

// ----- your code -----

/// One node of the API tier.
#[derive(Debug, Default)]
pub struct ApiNode {}

impl ApiNode {
    /// A freshly started API node.
    pub fn new() -> Self {
        Self::default()
    }

    /// Acknowledges the order only once every replica of its partition has stored it.
    pub fn place_order(&self, cluster: &mut StoreCluster, order: &Order) -> Result<(), ApiError> {
        let replicas = cluster.replicas_of(partition_of(order.id));
        // `all` stops at the first failure: from then on the answer can only be "no".
        if replicas
            .into_iter()
            .all(|node| cluster.write(node, order).is_ok())
        {
            Ok(())
        } else {
            Err(ApiError::Unavailable)
        }
    }

    /// The order, read from any replica of its partition that answers.
    pub fn get_order(
        &self,
        cluster: &mut StoreCluster,
        order_id: u64,
    ) -> Result<Option<Order>, ApiError> {
        let replicas = cluster.replicas_of(partition_of(order_id));
        // Every acknowledged order is on every replica, so the first replica that answers
        // at all, with an order or with "none", answers for the whole partition.
        replicas
            .into_iter()
            .find_map(|node| cluster.read(node, order_id).ok())
            .ok_or(ApiError::Unavailable)
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    fn order(id: u64) -> Order {
        Order {
            id,
            customer: format!("customer{}", id % 7),
            total_cents: 100 + id * 3,
        }
    }

    /// The replicas of the partition that order `id` belongs to.
    fn replicas(cluster: &StoreCluster, id: u64) -> Vec<usize> {
        cluster.replicas_of(partition_of(id))
    }

    #[test]
    fn an_order_placed_on_one_api_node_can_be_read_on_another() {
        let mut cluster = StoreCluster::new(1, 0);
        let (a, b) = (ApiNode::new(), ApiNode::new());
        assert_eq!(
            a.place_order(&mut cluster, &order(1)),
            Ok(()),
            "all store nodes are up"
        );
        assert_eq!(
            b.get_order(&mut cluster, 1),
            Ok(Some(order(1))),
            "any API node can serve any request"
        );
    }

    #[test]
    fn an_order_nobody_placed_is_not_found() {
        let mut cluster = StoreCluster::new(1, 0);
        assert_eq!(ApiNode::new().get_order(&mut cluster, 404), Ok(None));
    }

    #[test]
    fn an_acknowledged_order_is_on_the_disk_of_every_replica_and_nowhere_else() {
        let mut cluster = StoreCluster::new(1, 0);
        let api = ApiNode::new();
        for id in 1..=12 {
            assert_eq!(api.place_order(&mut cluster, &order(id)), Ok(()));
            let holders = replicas(&cluster, id);
            for node in 0..STORE_NODES {
                assert_eq!(
                    cluster.on_disk(node, id).is_some(),
                    holders.contains(&node),
                    "order {id} belongs on exactly the replicas {holders:?} of partition {}; look at node {node}",
                    partition_of(id)
                );
            }
        }
    }

    #[test]
    fn an_order_is_not_acknowledged_while_one_of_its_replicas_is_down() {
        let mut cluster = StoreCluster::new(1, 0);
        let api = ApiNode::new();
        let down = replicas(&cluster, 5)[2];
        cluster.crash(down);
        assert_eq!(
            api.place_order(&mut cluster, &order(5)),
            Err(ApiError::Unavailable),
            "a replica is down: acknowledging now would promise what that replica cannot keep"
        );
        cluster.restart(down);
        assert_eq!(
            api.place_order(&mut cluster, &order(5)),
            Ok(()),
            "placing it again is safe"
        );
        assert_eq!(cluster.on_disk(down, 5), Some(&order(5)));
    }

    #[test]
    fn an_acknowledged_order_is_readable_while_any_one_replica_is_up() {
        let mut cluster = StoreCluster::new(1, 0);
        let api = ApiNode::new();
        assert_eq!(api.place_order(&mut cluster, &order(9)), Ok(()));
        let holders = replicas(&cluster, 9);
        for survivor in holders.clone() {
            for &node in &holders {
                if node != survivor {
                    cluster.crash(node);
                }
            }
            assert_eq!(
                ApiNode::new().get_order(&mut cluster, 9),
                Ok(Some(order(9))),
                "only replica {survivor} of {holders:?} is up, and it must serve the read"
            );
            cluster.heal();
        }
    }

    #[test]
    fn with_every_replica_down_a_read_is_unavailable_not_missing() {
        let mut cluster = StoreCluster::new(1, 0);
        let api = ApiNode::new();
        assert_eq!(api.place_order(&mut cluster, &order(3)), Ok(()));
        for node in replicas(&cluster, 3) {
            cluster.crash(node);
        }
        assert_eq!(
            api.get_order(&mut cluster, 3),
            Err(ApiError::Unavailable),
            "no replica can answer: the order may exist, so `Ok(None)` would be a lie"
        );
    }

    #[test]
    fn a_read_moves_on_when_a_replica_does_not_answer() {
        // Half of all messages are lost. A read that gives up after one lost reply fails
        // about half the time; one that tries every replica fails about one time in eight.
        let mut cluster = StoreCluster::new(11, 50);
        let api = ApiNode::new();
        let mut placed = Vec::new();
        let mut id = 0;
        while placed.len() < 10 {
            id += 1;
            if api.place_order(&mut cluster, &order(id)) == Ok(()) {
                placed.push(id);
            }
        }
        let mut served = 0;
        for _ in 0..10 {
            for &id in &placed {
                if let Ok(found) = api.get_order(&mut cluster, id) {
                    assert_eq!(found, Some(order(id)), "order {id} was acknowledged");
                    served += 1;
                }
            }
        }
        assert!(
            served >= 70,
            "most reads should find a replica that answers; {served} of 100 did"
        );
    }

    #[test]
    fn restarted_api_nodes_lose_nothing_and_restarted_store_nodes_keep_their_disks() {
        let mut cluster = StoreCluster::new(1, 0);
        let mut api = ApiNode::new();
        for id in 1..=20 {
            assert_eq!(api.place_order(&mut cluster, &order(id)), Ok(()));
        }
        api = ApiNode::new();
        for node in 0..STORE_NODES {
            cluster.crash(node);
        }
        for node in 0..STORE_NODES {
            cluster.restart(node);
        }
        for id in 1..=20 {
            assert_eq!(
                api.get_order(&mut cluster, id),
                Ok(Some(order(id))),
                "order {id} was acknowledged"
            );
        }
    }

    #[test]
    fn every_acknowledged_order_survives_crashes_restarts_and_lost_messages() {
        let mut rng = Rng(2024);
        let mut cluster = StoreCluster::new(7, 10);
        let mut api: Vec<ApiNode> = (0..3).map(|_| ApiNode::new()).collect();
        let mut acknowledged: Vec<Order> = Vec::new();
        for step in 0..600u64 {
            let via = rng.below(3) as usize;
            match rng.below(20) {
                0 | 1 => cluster.crash(rng.below(STORE_NODES as u64) as usize),
                2..=5 => cluster.restart(rng.below(STORE_NODES as u64) as usize),
                6 => api[via] = ApiNode::new(),
                7..=12 => {
                    let placed = order(1_000 + step);
                    if api[via].place_order(&mut cluster, &placed) == Ok(()) {
                        acknowledged.push(placed);
                    }
                }
                _ if !acknowledged.is_empty() => {
                    let wanted = &acknowledged[rng.below(acknowledged.len() as u64) as usize];
                    match api[via].get_order(&mut cluster, wanted.id) {
                        Ok(found) => assert_eq!(
                            found.as_ref(),
                            Some(wanted),
                            "step {step}: order {} was acknowledged, so a replica that answers must have it",
                            wanted.id
                        ),
                        Err(ApiError::Unavailable) => {}
                    }
                }
                _ => {}
            }
        }
        assert!(
            acknowledged.len() >= 20,
            "the scenario should acknowledge orders, got {}",
            acknowledged.len()
        );
        cluster.heal();
        for fresh in [ApiNode::new(), ApiNode::new()] {
            for wanted in &acknowledged {
                assert_eq!(
                    fresh.get_order(&mut cluster, wanted.id),
                    Ok(Some(wanted.clone())),
                    "after the storm, every acknowledged order is there"
                );
            }
        }
    }
}
