// The workflow diagram: an SVG flowchart drawn from a plain view model that the Blazor page owns.
// The page sends the whole view (nodes with sizes, ports and states, connections) after every change; this module
// draws it, lets the user pan, zoom, move nodes, draw connections from outcome ports and select things, and reports
// each finished gesture back to .NET. Undo, validation and saving live on the .NET side.

const SVG = "http://www.w3.org/2000/svg";
const HEADER = 64;          // height of the caption area; outcome rows follow it
const ROW = 24;             // height of one outcome row
const INPUT_Y = 32;         // where connections arrive on the left edge
const MIN_ZOOM = 0.25;
const MAX_ZOOM = 2;
const READABLE_ZOOM = 0.85;

function el(name, attributes = {}, parent = null) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) {
        if (value !== undefined && value !== null) {
            node.setAttribute(key, String(value));
        }
    }
    if (parent) {
        parent.appendChild(node);
    }
    return node;
}

function isTyping(target) {
    return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

class Diagram {
    constructor(host, dotnet, options) {
        this.host = host;
        this.dotnet = dotnet;
        this.readOnly = !!options.readOnly;
        this.view = { nodes: [], connections: [] };
        this.selection = null;          // { kind: "node", id } or { kind: "connection", source, outcome, target }
        this.transform = { x: 40, y: 40, k: 1 };
        this.fitted = false;

        this.svg = el("svg", { class: "wf-diagram", tabindex: 0, role: "application", "aria-label": "Схема процесса" }, host);
        const defs = el("defs", {}, this.svg);
        for (const [id, cls] of [["wf-arrow", "wf-arrow"], ["wf-arrow-selected", "wf-arrow selected"], ["wf-arrow-done", "wf-arrow done"]]) {
            const marker = el("marker", { id: id + options.suffix, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, defs);
            el("path", { d: "M 0 0 L 10 5 L 0 10 z", class: cls }, marker);
        }
        this.suffix = options.suffix;
        const grid = el("pattern", { id: "wf-grid" + options.suffix, width: 20, height: 20, patternUnits: "userSpaceOnUse" }, defs);
        el("circle", { cx: 1, cy: 1, r: 1, class: "wf-grid-dot" }, grid);
        this.background = el("rect", { class: "wf-background", width: "100%", height: "100%", fill: `url(#wf-grid${options.suffix})` }, this.svg);
        this.world = el("g", { class: "wf-world" }, this.svg);
        this.edgeLayer = el("g", { class: "wf-edges" }, this.world);
        this.nodeLayer = el("g", { class: "wf-nodes" }, this.world);
        this.ghost = el("path", { class: "wf-ghost", d: "" }, this.world);

        this.svg.addEventListener("pointerdown", e => this.onPointerDown(e));
        this.svg.addEventListener("pointermove", e => this.onPointerMove(e));
        this.svg.addEventListener("pointerup", e => this.onPointerUp(e));
        this.svg.addEventListener("wheel", e => this.onWheel(e), { passive: false });
        this.svg.__diagram = this;
        this.onKey = e => this.onKeyDown(e);
        document.addEventListener("keydown", this.onKey);
        this.applyTransform();
    }

    dispose() {
        document.removeEventListener("keydown", this.onKey);
        this.svg.remove();
    }

    // ---- drawing -------------------------------------------------------------------------------------------------

    load(view) {
        this.view = view;
        if (this.selection?.kind === "node" && !view.nodes.some(n => n.id === this.selection.id)) {
            this.selection = null;
        }
        this.render();
        if (!this.fitted && view.nodes.length > 0) {
            this.fitted = true;
            this.initialView();
        }
    }

    node(id) {
        return this.view.nodes.find(n => n.id === id);
    }

    outputPoint(node, outcome) {
        const index = node.outcomes.findIndex(o => o.name === outcome);
        if (node.compactPort || index < 0) {
            return { x: node.x + node.width, y: node.y + INPUT_Y };
        }
        return { x: node.x + node.width, y: node.y + HEADER + index * ROW + ROW / 2 };
    }

    inputPoint(node) {
        return { x: node.x, y: node.y + INPUT_Y };
    }

    static curve(a, b) {
        if (b.x >= a.x + 30) {
            const dx = Math.max(40, (b.x - a.x) / 2);
            return `M ${a.x} ${a.y} C ${a.x + dx} ${a.y}, ${b.x - dx} ${b.y}, ${b.x} ${b.y}`;
        }
        if (Math.abs(b.y - a.y) > 60) {
            // Backwards to another row: an S-curve between the rows.
            const out = 70;
            const midY = (a.y + b.y) / 2;
            return `M ${a.x} ${a.y} C ${a.x + out} ${a.y}, ${a.x + out} ${midY}, ${(a.x + b.x) / 2} ${midY} `
                + `S ${b.x - out} ${b.y}, ${b.x} ${b.y}`;
        }
        // Backwards on one row (a loop): leave to the right, go round below both ends, come in from the left.
        const below = Math.max(a.y, b.y) + 70;
        return `M ${a.x} ${a.y} C ${a.x + 80} ${a.y}, ${a.x + 80} ${below}, ${(a.x + b.x) / 2} ${below} `
            + `S ${b.x - 80} ${b.y}, ${b.x} ${b.y}`;
    }

    render() {
        this.edgeLayer.replaceChildren();
        this.nodeLayer.replaceChildren();
        for (const connection of this.view.connections) {
            this.renderConnection(connection);
        }
        for (const node of this.view.nodes) {
            this.renderNode(node);
        }
    }

    renderConnection(c) {
        const source = this.node(c.source);
        const target = this.node(c.target);
        if (!source || !target) {
            return;
        }
        const selected = this.selection?.kind === "connection" && this.selection.source === c.source
            && this.selection.outcome === c.outcome && this.selection.target === c.target;
        const d = Diagram.curve(this.outputPoint(source, c.outcome), this.inputPoint(target));
        const group = el("g", {
            class: "wf-edge" + (selected ? " selected" : "") + (c.taken ? " taken" : ""),
            "data-source": c.source, "data-outcome": c.outcome, "data-target": c.target,
        }, this.edgeLayer);
        el("path", { d, class: "wf-edge-hit" }, group);
        const marker = selected ? "wf-arrow-selected" : c.taken ? "wf-arrow-done" : "wf-arrow";
        el("path", { d, class: "wf-edge-line", "marker-end": `url(#${marker}${this.suffix})` }, group);
        group.addEventListener("pointerdown", e => {
            if (e.button !== 0) {
                return;
            }
            e.stopPropagation();
            this.select({ kind: "connection", source: c.source, outcome: c.outcome, target: c.target });
        });
    }

    renderNode(n) {
        const selected = this.selection?.kind === "node" && this.selection.id === n.id;
        const classes = ["wf-node", `cat-${n.categoryKey || "other"}`];
        if (selected) classes.push("selected");
        if (n.errors?.length) classes.push("invalid");
        if (n.state) classes.push(`state-${n.state}`);
        const g = el("g", { class: classes.join(" "), transform: `translate(${n.x} ${n.y})`, "data-id": n.id, "data-type": n.type }, this.nodeLayer);
        const title = el("title", {}, g);
        title.textContent = [n.label, n.typeLabel, ...(n.errors || []), n.stateLabel].filter(Boolean).join("\n");

        el("rect", { class: "wf-node-body", width: n.width, height: n.height, rx: 8, ry: 8 }, g);
        el("rect", { class: "wf-node-accent", width: 5, height: n.height, rx: 2, ry: 2 }, g);
        const type = el("text", { class: "wf-node-type", x: 16, y: 20 }, g);
        type.textContent = n.typeLabel;
        this.wrapLabel(g, n.label, n.width - 32, 16, 40);

        if (n.errors?.length) {
            const badge = el("g", { class: "wf-node-badge", transform: `translate(${n.width - 14} 14)` }, g);
            el("circle", { r: 9 }, badge);
            const mark = el("text", { y: 4 }, badge);
            mark.textContent = "!";
        } else if (n.stateIcon) {
            const badge = el("g", { class: "wf-state-badge", transform: `translate(${n.width - 14} 14)` }, g);
            el("circle", { r: 9 }, badge);
            const mark = el("text", { y: 4 }, badge);
            mark.textContent = n.stateIcon;
        }

        if (n.hasInput) {
            el("circle", { class: "wf-port-in", cx: 0, cy: INPUT_Y, r: 5 }, g);
        }

        n.outcomes.forEach((o, i) => {
            const y = n.compactPort ? INPUT_Y : HEADER + i * ROW + ROW / 2;
            if (!n.compactPort) {
                if (i === 0) {
                    el("line", { class: "wf-node-separator", x1: 10, x2: n.width - 10, y1: HEADER - 2, y2: HEADER - 2 }, g);
                }
                const label = el("text", { class: "wf-port-label", x: n.width - 14, y: y + 4, "text-anchor": "end" }, g);
                label.textContent = o.label;
                this.truncate(label, n.width - 34);
            }
            const port = el("circle", {
                class: "wf-port-out", cx: n.width, cy: y, r: 6, "data-node": n.id, "data-outcome": o.name,
            }, g);
            const portTitle = el("title", {}, port);
            portTitle.textContent = `Исход «${o.label}»: потяните к следующему шагу`;
            port.addEventListener("pointerdown", e => this.startConnect(e, n, o.name));
        });

        g.addEventListener("pointerdown", e => this.startMove(e, n));
    }

    // Up to two lines; the rest is cut with an ellipsis (the full caption stays in the tooltip).
    wrapLabel(g, text, width, x, y) {
        const words = (text || "").split(/\s+/).filter(Boolean);
        const lines = [];
        let line = "";
        const probe = el("text", { class: "wf-node-label", x, y }, g);
        for (const word of words) {
            const candidate = line ? line + " " + word : word;
            probe.textContent = candidate;
            if (probe.getComputedTextLength() > width && line) {
                lines.push(line);
                line = word;
            } else {
                line = candidate;
            }
        }
        if (line) lines.push(line);
        probe.remove();
        const shown = lines.slice(0, 2);
        if (lines.length > 2) {
            shown[1] = shown[1] + " " + lines.slice(2).join(" ");
        }
        shown.forEach((content, i) => {
            const t = el("text", { class: "wf-node-label", x, y: y + i * 17 }, g);
            t.textContent = content;
            this.truncate(t, width);
        });
    }

    truncate(textElement, width) {
        let content = textElement.textContent;
        if (textElement.getComputedTextLength() <= width) {
            return;
        }
        while (content.length > 1 && textElement.getComputedTextLength() > width) {
            content = content.slice(0, -1);
            textElement.textContent = content.trimEnd() + "…";
        }
    }

    // ---- selection -----------------------------------------------------------------------------------------------

    select(selection, notify = true) {
        this.selection = selection;
        this.render();
        if (notify) {
            if (selection?.kind === "node") {
                this.dotnet.invokeMethodAsync("OnNodeSelected", selection.id);
            } else if (selection?.kind === "connection") {
                this.dotnet.invokeMethodAsync("OnConnectionSelected", selection.source, selection.outcome, selection.target);
            } else {
                this.dotnet.invokeMethodAsync("OnSelectionCleared");
            }
        }
    }

    selectNode(id) {
        this.select(id ? { kind: "node", id } : null, false);
        const n = id && this.node(id);
        if (n) {
            this.reveal(n);
        }
    }

    // ---- gestures ------------------------------------------------------------------------------------------------

    toWorld(e) {
        const box = this.svg.getBoundingClientRect();
        return { x: (e.clientX - box.left - this.transform.x) / this.transform.k, y: (e.clientY - box.top - this.transform.y) / this.transform.k };
    }

    startMove(e, n) {
        if (e.button !== 0) {
            return;
        }
        e.stopPropagation();
        this.svg.focus({ preventScroll: true });
        if (!(this.selection?.kind === "node" && this.selection.id === n.id)) {
            this.select({ kind: "node", id: n.id });
        }
        if (this.readOnly) {
            return;
        }
        const start = this.toWorld(e);
        this.gesture = { kind: "move", node: n, dx: start.x - n.x, dy: start.y - n.y, moved: false, pointer: e.pointerId };
        this.svg.setPointerCapture(e.pointerId);
    }

    startConnect(e, n, outcome) {
        if (e.button !== 0 || this.readOnly) {
            return;
        }
        e.stopPropagation();
        this.gesture = { kind: "connect", node: n, outcome, from: this.outputPoint(n, outcome) };
        this.svg.setPointerCapture(e.pointerId);
        this.svg.classList.add("connecting");
    }

    onPointerDown(e) {
        if (e.button !== 0) {
            return;
        }
        this.svg.focus({ preventScroll: true });
        this.gesture = { kind: "pan", x: e.clientX, y: e.clientY, tx: this.transform.x, ty: this.transform.y, moved: false };
        this.svg.setPointerCapture(e.pointerId);
    }

    onPointerMove(e) {
        const g = this.gesture;
        if (!g) {
            return;
        }
        if (g.kind === "pan") {
            const dx = e.clientX - g.x;
            const dy = e.clientY - g.y;
            g.moved = g.moved || Math.abs(dx) + Math.abs(dy) > 3;
            this.transform.x = g.tx + dx;
            this.transform.y = g.ty + dy;
            this.applyTransform();
        } else if (g.kind === "move") {
            const p = this.toWorld(e);
            const x = Math.round((p.x - g.dx) / 10) * 10;
            const y = Math.round((p.y - g.dy) / 10) * 10;
            if (x !== g.node.x || y !== g.node.y) {
                g.node.x = x;
                g.node.y = y;
                g.moved = true;
                this.render();
            }
        } else if (g.kind === "connect") {
            const p = this.toWorld(e);
            this.ghost.setAttribute("d", Diagram.curve(g.from, p));
            this.highlightTarget(this.nodeAt(e));
        }
    }

    onPointerUp(e) {
        const g = this.gesture;
        this.gesture = null;
        if (!g) {
            return;
        }
        if (this.svg.hasPointerCapture?.(e.pointerId)) {
            this.svg.releasePointerCapture(e.pointerId);
        }
        if (g.kind === "pan" && !g.moved) {
            if (this.selection) {
                this.select(null);
            }
        } else if (g.kind === "move" && g.moved) {
            this.dotnet.invokeMethodAsync("OnNodeMoved", g.node.id, g.node.x, g.node.y);
        } else if (g.kind === "connect") {
            this.ghost.setAttribute("d", "");
            this.svg.classList.remove("connecting");
            this.highlightTarget(null);
            const target = this.nodeAt(e);
            if (target && target !== g.node.id) {
                this.dotnet.invokeMethodAsync("OnConnect", g.node.id, g.outcome, target);
            }
        }
    }

    nodeAt(e) {
        const hit = document.elementFromPoint(e.clientX, e.clientY)?.closest?.(".wf-node");
        const id = hit?.getAttribute("data-id");
        return id && this.node(id)?.hasInput ? id : null;
    }

    highlightTarget(id) {
        for (const g of this.nodeLayer.querySelectorAll(".wf-node")) {
            g.classList.toggle("drop-target", g.getAttribute("data-id") === id);
        }
    }

    onWheel(e) {
        e.preventDefault();
        const box = this.svg.getBoundingClientRect();
        this.zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - box.left, e.clientY - box.top);
    }

    zoomAt(factor, cx, cy) {
        const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, this.transform.k * factor));
        const ratio = k / this.transform.k;
        this.transform.x = cx - (cx - this.transform.x) * ratio;
        this.transform.y = cy - (cy - this.transform.y) * ratio;
        this.transform.k = k;
        this.applyTransform();
    }

    zoom(factor) {
        const box = this.svg.getBoundingClientRect();
        this.zoomAt(factor, box.width / 2, box.height / 2);
    }

    applyTransform() {
        const { x, y, k } = this.transform;
        this.world.setAttribute("transform", `translate(${x} ${y}) scale(${k})`);
        this.host.dataset.zoom = k.toFixed(2);
    }

    bounds() {
        const nodes = this.view.nodes;
        if (nodes.length === 0) {
            return { x: 0, y: 0, width: 1, height: 1 };
        }
        const minX = Math.min(...nodes.map(n => n.x));
        const minY = Math.min(...nodes.map(n => n.y));
        const maxX = Math.max(...nodes.map(n => n.x + n.width));
        const maxY = Math.max(...nodes.map(n => n.y + n.height));
        return { x: minX, y: minY, width: maxX - minX, height: maxY - minY + 80 };
    }

    // The whole chart, however small it gets (the toolbar's "show all").
    fit() {
        const box = this.svg.getBoundingClientRect();
        const b = this.bounds();
        const margin = 30;
        const k = Math.min(1, Math.max(MIN_ZOOM, Math.min((box.width - 2 * margin) / b.width, (box.height - 2 * margin) / b.height)));
        this.transform = { k, x: (box.width - b.width * k) / 2 - b.x * k, y: (box.height - b.height * k) / 2 - b.y * k + 20 * k };
        this.applyTransform();
    }

    // On opening: the whole chart when it stays readable, else its beginning at a readable scale.
    initialView() {
        const box = this.svg.getBoundingClientRect();
        const b = this.bounds();
        const margin = 30;
        const fitK = Math.min((box.width - 2 * margin) / b.width, (box.height - 2 * margin) / b.height);
        if (fitK >= READABLE_ZOOM) {
            this.fit();
            return;
        }
        const k = READABLE_ZOOM;
        const start = this.view.nodes.find(n => !n.hasInput) || this.view.nodes[0];
        const y = b.height * k <= box.height - 2 * margin
            ? (box.height - b.height * k) / 2 - b.y * k
            : box.height / 2 - (start.y + start.height / 2) * k;
        this.transform = { k, x: margin - b.x * k, y };
        this.applyTransform();
    }

    reveal(n) {
        const box = this.svg.getBoundingClientRect();
        const { x, y, k } = this.transform;
        const left = n.x * k + x;
        const top = n.y * k + y;
        if (left < 0 || top < 0 || left + n.width * k > box.width || top + n.height * k > box.height) {
            this.transform.x = box.width / 2 - (n.x + n.width / 2) * k;
            this.transform.y = box.height / 2 - (n.y + n.height / 2) * k;
            this.applyTransform();
        }
    }

    // The centre of what is visible, in diagram coordinates: where a clicked palette item lands.
    viewCentre() {
        const box = this.svg.getBoundingClientRect();
        const { x, y, k } = this.transform;
        return { x: Math.round((box.width / 2 - x) / k), y: Math.round((box.height / 2 - y) / k) };
    }

    dropActivity(type, e) {
        if (this.readOnly) {
            return;
        }
        const p = this.toWorld(e);
        this.dotnet.invokeMethodAsync("OnActivityDropped", type, Math.round(p.x / 10) * 10, Math.round(p.y / 10) * 10);
    }

    onKeyDown(e) {
        if (isTyping(e.target) || !this.host.isConnected || e.target.closest?.(".mud-dialog, .mud-overlay")) {
            return;
        }
        const ctrl = e.ctrlKey || e.metaKey;
        if (!this.readOnly && ctrl && !e.shiftKey && e.key.toLowerCase() === "z") {
            e.preventDefault();
            this.dotnet.invokeMethodAsync("OnUndo");
        } else if (!this.readOnly && ctrl && (e.key.toLowerCase() === "y" || (e.shiftKey && e.key.toLowerCase() === "z"))) {
            e.preventDefault();
            this.dotnet.invokeMethodAsync("OnRedo");
        } else if (!this.readOnly && (e.key === "Delete" || e.key === "Backspace") && this.selection) {
            e.preventDefault();
            const s = this.selection;
            if (s.kind === "node") {
                this.dotnet.invokeMethodAsync("OnDeleteNode", s.id);
            } else {
                this.dotnet.invokeMethodAsync("OnDeleteConnection", s.source, s.outcome, s.target);
            }
        }
    }
}

let counter = 0;

export function create(host, dotnet, options) {
    counter += 1;
    return new Diagram(host, dotnet, { ...options, suffix: "-" + counter });
}

// Palette items are plain HTML elements. Dragging one uses pointer events (a floating label follows the pointer) rather
// than HTML drag and drop, so that it behaves the same with a mouse, a pen or a touch screen.
export function attachPalette(container) {
    let pending = null;
    container.addEventListener("pointerdown", e => {
        const item = e.target.closest?.("[data-activity-type]");
        if (item && e.button === 0) {
            pending = { item, type: item.getAttribute("data-activity-type"), x: e.clientX, y: e.clientY, ghost: null };
        }
    });
    document.addEventListener("pointermove", e => {
        if (!pending) {
            return;
        }
        if (!pending.ghost && Math.abs(e.clientX - pending.x) + Math.abs(e.clientY - pending.y) > 6) {
            pending.ghost = document.createElement("div");
            pending.ghost.className = "wf-palette-ghost";
            pending.ghost.textContent = pending.item.textContent.trim();
            document.body.appendChild(pending.ghost);
        }
        if (pending.ghost) {
            pending.ghost.style.left = e.clientX + 8 + "px";
            pending.ghost.style.top = e.clientY + 8 + "px";
        }
    });
    document.addEventListener("pointerup", e => {
        const drag = pending;
        pending = null;
        if (!drag?.ghost) {
            return;
        }
        drag.ghost.remove();
        // The click that follows a drag must not add a second step.
        const swallow = ev => { ev.stopPropagation(); ev.preventDefault(); };
        drag.item.addEventListener("click", swallow, { capture: true, once: true });
        setTimeout(() => drag.item.removeEventListener("click", swallow, { capture: true }), 0);
        const svg = document.elementFromPoint(e.clientX, e.clientY)?.closest?.("svg.wf-diagram");
        svg?.__diagram?.dropActivity(drag.type, e);
    });
}
