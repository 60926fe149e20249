// Small enhancements for the static pages. Every page works without this file; listeners are
// delegated from the document so they survive Blazor's enhanced navigation.
(() => {
    "use strict";

    const showCopyButtons = () => {
        if (!navigator.clipboard) return;
        document.querySelectorAll("button.cg-copy[hidden]").forEach((b) => { b.hidden = false; });
    };

    const fileText = (anchor) => {
        const box = document.getElementById(anchor);
        if (!box) return "";
        const lines = Array.from(box.querySelectorAll("[data-copy-source] td.cg-lc"), (td) => td.textContent);
        return lines.length ? lines.join("\n") + "\n" : "";
    };

    document.addEventListener("click", async (event) => {
        const copy = event.target.closest("button.cg-copy[data-copy-from], button.cg-copy[data-copy-input]");
        if (copy) {
            const label = copy.querySelector(".cg-copy-label");
            try {
                const text = copy.dataset.copyInput
                    ? document.getElementById(copy.dataset.copyInput)?.value ?? ""
                    : fileText(copy.dataset.copyFrom);
                await navigator.clipboard.writeText(text);
                copy.classList.add("cg-copied");
                if (label) label.textContent = "Copied";
            } catch {
                if (label) label.textContent = "Copy failed";
            }
            setTimeout(() => {
                copy.classList.remove("cg-copied");
                if (label) label.textContent = "Copy";
            }, 2000);
            return;
        }

        // Close an open account menu when clicking elsewhere.
        document.querySelectorAll("details.cg-menu[open]").forEach((menu) => {
            if (!menu.contains(event.target)) menu.removeAttribute("open");
        });
    });

    // Capture phase: Blazor's enhanced navigation handles link clicks on the way up and would follow the link first.
    document.addEventListener("click", (event) => {
        const opener = event.target.closest("[data-open-dialog]");
        const dialog = opener && document.getElementById(opener.dataset.openDialog);
        if (dialog && typeof dialog.showModal === "function") {
            event.preventDefault();
            event.stopPropagation();
            dialog.showModal();
        }
    }, true);

    document.addEventListener("keydown", (event) => {
        if (event.key === "Escape") {
            document.querySelectorAll("details.cg-menu[open]").forEach((menu) => menu.removeAttribute("open"));
        }
    });

    // A click on the dialog's backdrop cancels it.
    document.addEventListener("click", (event) => {
        if (event.target instanceof HTMLDialogElement && event.target.classList.contains("cg-dialog")) {
            const r = event.target.getBoundingClientRect();
            const inside = event.clientX >= r.left && event.clientX <= r.right && event.clientY >= r.top && event.clientY <= r.bottom;
            if (!inside) event.target.close();
        }
    });

    document.addEventListener("DOMContentLoaded", showCopyButtons);
    if (document.readyState !== "loading") showCopyButtons();
    // Blazor's enhanced navigation swaps page content without a new DOMContentLoaded.
    if (window.Blazor && typeof window.Blazor.addEventListener === "function") {
        window.Blazor.addEventListener("enhancedload", showCopyButtons);
    } else {
        document.addEventListener("DOMContentLoaded", () => {
            window.Blazor?.addEventListener?.("enhancedload", showCopyButtons);
        });
    }
})();
