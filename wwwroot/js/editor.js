// The gist editor: one Monaco instance per page, one model per file, driven from .NET over the
// circuit of the page that imported this module. Nothing here is shared between pages or users:
// each browser tab has its own module instance and every editor is created by one component.

const monacoBase = () => new URL('_content/BlazorMonaco/lib/monaco-editor/min/vs', document.baseURI).href;

let monacoReady;
let editorCount = 0;

// Loads the AMD loader and the editor once per document; later editors reuse the same promise.
function loadMonaco() {
    if (!monacoReady) {
        monacoReady = new Promise((resolve, reject) => {
            const start = () => {
                window.require.config({ paths: { vs: monacoBase() } });
                window.require(['vs/editor/editor.main'], () => resolve(window.monaco), reject);
            };
            if (window.monaco?.editor) {
                resolve(window.monaco);
                return;
            }
            if (typeof window.require === 'function' && window.require.config) {
                start();
                return;
            }
            const script = document.createElement('script');
            script.src = `${monacoBase()}/loader.js`;
            script.onload = start;
            script.onerror = () => reject(new Error('The editor could not be loaded.'));
            document.head.appendChild(script);
        });
        monacoReady.catch(() => { monacoReady = undefined; });
    }
    return monacoReady;
}

function languageFor(monaco, fileName) {
    const name = (fileName || '').toLowerCase();
    let best = 'plaintext';
    let bestLength = 0;
    for (const language of monaco.languages.getLanguages()) {
        if ((language.filenames || []).some(f => f.toLowerCase() === name)) {
            return language.id;
        }
        for (const extension of language.extensions || []) {
            const ext = extension.toLowerCase();
            if (name.endsWith(ext) && name.length > ext.length && ext.length > bestLength) {
                best = language.id;
                bestLength = ext.length;
            }
        }
    }
    return best;
}

function isDarkTheme(hint, element) {
    if (hint === 'dark' || hint === 'light') {
        return hint === 'dark';
    }
    // The layout marks its shell; the theme cookie itself is HttpOnly.
    if (element.closest('.cg-dark')) {
        return true;
    }
    if (element.closest('.cg-light')) {
        return false;
    }
    const cookie = document.cookie.split(';').map(c => c.trim()).find(c => c.startsWith('theme='));
    if (cookie) {
        return cookie.substring('theme='.length) === 'dark';
    }
    const classes = `${document.documentElement.className} ${document.body.className}`;
    return /\b(dark|mud-theme-dark)\b/.test(classes);
}

/**
 * Creates the page's editor inside `element`. `dotnet` receives OnEditorDirtyChanged(bool) and
 * OnEditorSave(). Returns the object .NET keeps as its IJSObjectReference.
 */
export async function createEditor(element, dotnet, options) {
    const monaco = await loadMonaco();
    const models = new Map(); // key -> { model, baseline, name }
    // Models are global to the document; a per-editor prefix keeps their URIs apart.
    const uriBase = `inmemory://casgists/editor${++editorCount}/`;
    let activeKey = null;
    let lastDirty = false;
    let dirtyTimer = 0;
    let disposed = false;

    const editor = monaco.editor.create(element, {
        model: null,
        automaticLayout: true,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        fontSize: 14,
        tabSize: 4,
        theme: isDarkTheme(options?.theme, element) ? 'vs-dark' : 'vs',
        ariaLabel: 'File content',
    });

    const save = () => {
        if (!disposed) {
            dotnet.invokeMethodAsync('OnEditorSave');
        }
    };
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, save);
    // Outside Monaco (title, file name...) the page's shortcut still saves rather than opening
    // the browser's "save page" dialog. Monaco handles the key itself when it has focus.
    const onKeyDown = event => {
        if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
            event.preventDefault();
            save();
        }
    };
    document.addEventListener('keydown', onKeyDown);

    // Blazor's enhanced navigation follows in-site links without asking NavigationLock, so while
    // there are unsaved changes the page catches those clicks itself and lets .NET ask first.
    let guardLeaving = false;
    const onClick = event => {
        if (!guardLeaving || event.defaultPrevented || event.button !== 0 ||
            event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
            return;
        }
        const link = event.target.closest?.('a[href]');
        if (!link || (link.target && link.target !== '_self') || link.hasAttribute('download')) {
            return;
        }
        const url = new URL(link.href, document.baseURI);
        if (url.origin !== location.origin) {
            return; // leaving the site: the beforeunload prompt covers it
        }
        event.preventDefault();
        event.stopPropagation();
        dotnet.invokeMethodAsync('OnEditorLeaveRequested', url.href);
    };
    document.addEventListener('click', onClick, true);

    const isDirty = () => [...models.values()].some(m => m.model.getAlternativeVersionId() !== m.baseline);

    // A bool, debounced, and only when it flips: content itself never crosses the circuit here.
    const reportDirty = () => {
        clearTimeout(dirtyTimer);
        dirtyTimer = setTimeout(() => {
            const dirty = isDirty();
            if (!disposed && dirty !== lastDirty) {
                lastDirty = dirty;
                dotnet.invokeMethodAsync('OnEditorDirtyChanged', dirty);
            }
        }, 250);
    };

    const showActive = () => {
        const entry = activeKey === null ? undefined : models.get(activeKey);
        editor.setModel(entry ? entry.model : null);
        element.dataset.language = entry ? entry.model.getLanguageId() : '';
        element.dataset.activeKey = entry ? activeKey : '';
    };

    const add = (key, name, content) => {
        const model = monaco.editor.createModel(content ?? '', languageFor(monaco, name), monaco.Uri.parse(uriBase + key));
        const entry = { model, baseline: model.getAlternativeVersionId(), name };
        model.onDidChangeContent(reportDirty);
        models.set(key, entry);
        return model.getLanguageId();
    };

    const api = {
        /** Replaces every file (the edit page's initial contents, in one call). */
        setFiles(files, active) {
            for (const entry of models.values()) {
                entry.model.dispose();
            }
            models.clear();
            const languages = {};
            for (const file of files) {
                languages[file.key] = add(file.key, file.name, file.content);
            }
            activeKey = active ?? (files.length > 0 ? files[0].key : null);
            showActive();
            reportDirty();
            return languages;
        },
        /** Adds an empty (or given) file and returns its language id. */
        addFile(key, name, content) {
            const language = add(key, name, content);
            reportDirty();
            return language;
        },
        removeFile(key) {
            const entry = models.get(key);
            if (entry) {
                if (activeKey === key) {
                    activeKey = null;
                    editor.setModel(null);
                }
                entry.model.dispose();
                models.delete(key);
            }
            reportDirty();
        },
        /** The name changed: the language follows it. Returns the new language id. */
        renameFile(key, name) {
            const entry = models.get(key);
            if (!entry) {
                return 'plaintext';
            }
            entry.name = name;
            monaco.editor.setModelLanguage(entry.model, languageFor(monaco, name));
            if (key === activeKey) {
                showActive();
            }
            return entry.model.getLanguageId();
        },
        activate(key, focus) {
            activeKey = key;
            showActive();
            if (focus) {
                editor.focus();
            }
        },
        /** Everything saved so far is the new baseline. */
        markClean() {
            for (const entry of models.values()) {
                entry.baseline = entry.model.getAlternativeVersionId();
            }
            lastDirty = false;
        },
        /**
         * The files' contents as one binary message, returned as a Blob so .NET reads it as a
         * stream (a circuit message from the browser is capped at 32 KB):
         * [uint32 little-endian header length][header JSON: [{key, length}]][UTF-8 contents...].
         */
        getFiles(keys) {
            const encoder = new TextEncoder();
            const bodies = keys.map(key => encoder.encode(models.get(key)?.model.getValue() ?? ''));
            const header = encoder.encode(JSON.stringify(keys.map((key, i) => ({ key, length: bodies[i].length }))));
            const length = new Uint8Array(4);
            new DataView(length.buffer).setUint32(0, header.length, true);
            return new Blob([length, header, ...bodies]);
        },
        focus() {
            editor.focus();
        },
        setLeaveGuard(enabled) {
            guardLeaving = !!enabled;
        },
        dispose() {
            disposed = true;
            clearTimeout(dirtyTimer);
            document.removeEventListener('keydown', onKeyDown);
            document.removeEventListener('click', onClick, true);
            editor.dispose();
            for (const entry of models.values()) {
                entry.model.dispose();
            }
            models.clear();
        },
    };
    return api;
}
