package dev.bramble.lazy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A task graph: nodes by key in an order where every node comes after the nodes it needs. Immutable;
 * {@link #fuse} makes a new graph.
 */
final class Graph {

    private final LinkedHashMap<String, Node> nodes;

    private Graph(LinkedHashMap<String, Node> nodes) {
        this.nodes = nodes;
    }

    /**
     * The graph of what the roots need and nothing else (a node reached twice is one node), in dependency
     * order: culled to the roots, as dask's {@code cull} would.
     */
    static Graph of(Collection<? extends Delayed<?>> roots) {
        LinkedHashMap<String, Node> out = new LinkedHashMap<>();
        Map<Delayed<?>, Boolean> seen = new IdentityHashMap<>();
        // Iterative post-order: graphs can be far deeper than the thread's stack.
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        for (Delayed<?> root : roots) {
            stack.push(new Object[] {root, 0});
            while (!stack.isEmpty()) {
                Object[] top = stack.peek();
                Delayed<?> d = (Delayed<?>) top[0];
                int next = (Integer) top[1];
                if (next == 0 && (seen.containsKey(d) || out.containsKey(d.key()))) {
                    stack.pop();
                    continue;
                }
                seen.put(d, Boolean.TRUE);
                if (next < d.inputs().size()) {
                    top[1] = next + 1;
                    stack.push(new Object[] {d.inputs().get(next), 0});
                } else {
                    stack.pop();
                    out.putIfAbsent(d.key(), d.node());
                }
            }
        }
        return new Graph(out);
    }

    int size() {
        return nodes.size();
    }

    Collection<Node> nodes() {
        return nodes.values();
    }

    Node node(String key) {
        return nodes.get(key);
    }

    /**
     * Fuses linear chains into one task: a call whose only input is a call that nothing else needs (and
     * that is not asked for) runs right after it, in the same task, under the later key.
     */
    Graph fuse(Collection<String> keep) {
        Set<String> kept = new HashSet<>(keep);
        // The links: a call and the one call before it, if nothing else needs that one. Chains are built
        // once each, at their last call.
        Map<String, String> previous = new HashMap<>();
        for (Node n : nodes.values()) {
            List<String> deps = n.dependencies();
            if (deps.size() == 1 && n.op() instanceof Op.Call) {
                Node before = nodes.get(deps.get(0));
                if (before.op() instanceof Op.Call && !kept.contains(before.key())) {
                    previous.put(n.key(), before.key());
                }
            }
        }
        if (previous.isEmpty()) {
            return this;
        }
        Set<String> candidates = new HashSet<>(previous.values());
        Map<String, Integer> users = new HashMap<>();
        for (Node n : nodes.values()) {
            for (String d : n.dependencies()) {
                if (candidates.contains(d)) {
                    users.merge(d, 1, Integer::sum);
                }
            }
        }
        previous.values().removeIf(before -> users.get(before) != 1);
        if (previous.isEmpty()) {
            return this;
        }
        Set<String> absorbed = new HashSet<>(previous.values());
        LinkedHashMap<String, Node> out = new LinkedHashMap<>();
        for (Node n : nodes.values()) {
            if (absorbed.contains(n.key())) {
                continue;
            }
            out.put(n.key(), previous.containsKey(n.key()) ? chain(n, previous) : n);
        }
        return new Graph(out);
    }

    private Node chain(Node last, Map<String, String> previous) {
        ArrayDeque<Node> links = new ArrayDeque<>();
        for (String k = last.key(); k != null; k = previous.get(k)) {
            links.push(nodes.get(k));
        }
        Node first = links.peek();
        List<Op.Call> calls = new ArrayList<>(links.size());
        List<List<Object>> later = new ArrayList<>(links.size() - 1);
        String before = null;
        for (Node link : links) {
            calls.add((Op.Call) link.op());
            if (before != null) {
                later.add(template(link.args(), before));
            }
            before = link.key();
        }
        return new Node(last.key(), new Op.Fused(List.copyOf(calls), List.copyOf(later)), first.args());
    }

    /** A later call's arguments with the previous result marked; it has no other references. */
    private static List<Object> template(List<Object> args, String previousKey) {
        List<Object> out = new ArrayList<>(args.size());
        for (Object a : args) {
            if (a instanceof Node.Ref r && r.key().equals(previousKey)) {
                out.add(Chain.Previous.VALUE);
            } else if (a instanceof Node.ListArg l) {
                out.add(new Chain.PreviousList(template(l.items(), previousKey)));
            } else {
                out.add(a);
            }
        }
        return out;
    }

    /** The graph in Graphviz's DOT language: a box per task, an arrow from each input to its user. */
    String dot() {
        StringBuilder s = new StringBuilder("digraph bramble {\n  rankdir=BT;\n  node [shape=box, fontname=\"Helvetica\"];\n");
        for (Node n : nodes.values()) {
            s.append("  \"").append(escape(n.key())).append("\" [label=\"").append(escape(n.op().name())).append("\"];\n");
            for (String d : n.dependencies()) {
                s.append("  \"").append(escape(d)).append("\" -> \"").append(escape(n.key())).append("\";\n");
            }
        }
        return s.append("}\n").toString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /**
     * Writes the picture: DOT for a path ending in .dot (or anything else but .svg and .png); SVG or PNG
     * through Graphviz's {@code dot}, which must be installed for those.
     */
    void write(Path path) throws IOException {
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String format = name.endsWith(".svg") ? "svg" : name.endsWith(".png") ? "png" : null;
        if (format == null) {
            Files.writeString(path, dot(), StandardCharsets.UTF_8);
            return;
        }
        Process p;
        try {
            p = new ProcessBuilder("dot", "-T" + format, "-o", path.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("writing " + format.toUpperCase(java.util.Locale.ROOT) + " needs Graphviz's 'dot' program, which"
                    + " is not installed (Debian: apt-get install graphviz); a path ending in .dot writes the graph without it", e);
        }
        try (var in = p.getOutputStream()) {
            in.write(dot().getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("Graphviz's dot did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while Graphviz drew the graph", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("Graphviz's dot failed: " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }
}
