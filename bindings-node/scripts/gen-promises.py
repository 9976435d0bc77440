"""Usage: python3 scripts/gen-promises.py src [OUT]. Generates bindings-node/src/promises.rs: the Promise form (`…Async`) of every Workspace method
that goes through `run(&env, || …)`, from the blocking method's own source."""
import re, sys, os

SRC = sys.argv[1]
# Where to write (default: src/promises.rs); the test writes elsewhere and compares.
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(SRC, 'promises.rs')
FILES = ['workspace.rs', 'details.rs', 'history.rs', 'messages.rs', 'pending.rs', 'pricing.rs', 'import.rs']
SKIP = {'new', 'open', 'resolve_prices', 'preview_import'}  # hand-written below or not store-bound

def match_close(s, i, o='(', c=')'):
    depth = 0
    j = i
    in_str = False
    while j < len(s):
        ch = s[j]
        if in_str:
            if ch == '\\': j += 2; continue
            if ch == '"': in_str = False
        elif ch == '"': in_str = True
        elif ch == o: depth += 1
        elif ch == c:
            depth -= 1
            if depth == 0: return j
        j += 1
    raise ValueError('unbalanced')

def split_top(s, sep=','):
    out, depth, cur, in_str = [], 0, '', False
    i = 0
    while i < len(s):
        ch = s[i]
        if in_str:
            cur += ch
            if ch == '\\': cur += s[i+1]; i += 2; continue
            if ch == '"': in_str = False
        else:
            if ch == '"': in_str = True
            if ch in '([{': depth += 1
            if ch in ')]}': depth -= 1
            if ch == sep and depth == 0:
                out.append(cur); cur = ''; i += 1; continue
            cur += ch
        i += 1
    if cur.strip(): out.append(cur)
    return [x.strip() for x in out]

def statements(block):
    """Top-level statements of a block body (without braces)."""
    out, depth, cur, in_str = [], 0, '', False
    i = 0
    while i < len(block):
        ch = block[i]
        cur += ch
        if in_str:
            if ch == '\\': cur += block[i+1]; i += 2; continue
            if ch == '"': in_str = False
        else:
            if ch == '"': in_str = True
            elif ch in '([{': depth += 1
            elif ch in ')]}':
                depth -= 1
            elif ch == ';' and depth == 0:
                out.append(cur.strip()); cur = ''
        i += 1
    if cur.strip(): out.append(cur.strip())
    return out

def ts_of(rust, given):
    if given: return given
    rust = rust.strip()
    m = re.fullmatch(r'Vec<(.+)>', rust)
    if m: return f'Array<{ts_of(m.group(1), None)}>'
    m = re.fullmatch(r'Option<(.+)>', rust)
    if m: return f'{ts_of(m.group(1), None)} | null'
    m = re.fullmatch(r'HashMap<String, (.+)>', rust)
    if m: return f'Record<string, {ts_of(m.group(1), None)}>'
    return {'()': 'void', 'String': 'string', 'bool': 'boolean', 'u32': 'number', 'f64': 'number', 'i64': 'number'}.get(rust, rust)

methods = []
for f in FILES:
    s = open(os.path.join(SRC, f)).read()
    for block in re.finditer(r'#\[napi\]\nimpl Workspace \{', s):
        start = block.end() - 1
        end = match_close(s, start, '{', '}')
        body = s[start+1:end]
        for m in re.finditer(r'((?:    ///[^\n]*\n)*)    #\[napi(\((?:[^\]]|\](?!\n))*\))?\]\n    pub fn ([a-z_]+)(<[^>]*>)?\(', body):
            name = m.group(3)
            attr = m.group(2) or ''
            sig_open = m.end() - 1
            sig_close = match_close(body, sig_open)
            params = body[sig_open+1:sig_close]
            rest = body[sig_close+1:]
            rm = re.match(r'\s*->\s*napi::Result<(.+?)>\s*\{', rest, re.S)
            if not rm: continue
            ret = rm.group(1)
            fb_open = sig_close + 1 + rm.end() - 1
            fb_close = match_close(body, fb_open, '{', '}')
            fbody = body[fb_open+1:fb_close].strip()
            methods.append((f, name, attr, params, ret, fbody, m.group(1)))

def camel(n):
    p = n.split('_'); return p[0] + ''.join(x.title() for x in p[1:])

out = {}
skipped = []
for f, name, attr, params, ret, fbody, doc in methods:
    if name in SKIP or not fbody.startswith('run(&env, ||'):
        skipped.append(name); continue
    inner = fbody[len('run(&env, ||'):].strip()
    assert inner.endswith(')'), name
    inner = inner[:-1].strip()
    if inner.startswith('{'):
        stmts = statements(inner[1:match_close(inner, 0, '{', '}')])
    else:
        stmts = [inner]
    # the first statement that reaches the store starts the worker's part
    k = next((i for i, st in enumerate(stmts) if 'self.inner.' in st), None)
    if k is None:
        skipped.append(name); continue
    pre, core = stmts[:k], stmts[k:]
    hoisted = []
    n = 0
    def hoist_calls(st):
        global n
        res = ''
        i = 0
        while True:
            j = st.find('self.inner.', i)
            if j < 0: res += st[i:]; break
            res += st[i:j]
            mm = re.match(r'self\.inner\.([a-z_]+)\(', st[j:])
            o = j + mm.end() - 1
            c = match_close(st, o)
            args = split_top(st[o+1:c])
            new = []
            for a in args:
                if '.inner' in a and '?' not in a:
                    # A value held by a JS object (a preview): the worker gets its own copy.
                    amp = a.startswith('&')
                    e = a[1:] if amp else a
                    var = f'arg{len(hoisted)}'
                    hoisted.append(f'let {var} = {e}.clone();')
                    new.append(('&' if amp else '') + var)
                elif '?' in a or 'text(' in a or 'parse_id(' in a:
                    amp = a.startswith('&')
                    e = a[1:] if amp else a
                    var = f'arg{len(hoisted)}'
                    hoisted.append(f'let {var} = {e};')
                    new.append(('&' if amp else '') + var)
                else:
                    new.append(a)
            res += f'ws.{mm.group(1)}({", ".join(new)})'
            i = c + 1
        return res
    core = [hoist_calls(st) for st in core]
    ts_args = re.search(r'ts_args_type\s*=\s*("(?:[^"\\]|\\.)*")', attr)
    ts_ret = re.search(r'ts_return_type\s*=\s*"((?:[^"\\]|\\.)*)"', attr)
    ts = ts_of(ret, ts_ret.group(1) if ts_ret else None)
    napi_attr = f'js_name = "{camel(name)}Async", '
    if ts_args: napi_attr += f'ts_args_type = {ts_args.group(1)}, '
    napi_attr += f'ts_return_type = "Promise<{ts}>"'
    core_body = '\n'.join(core)
    prep = '\n'.join(pre + hoisted)
    out.setdefault(f, []).append(f'''    /// `{camel(name)}` as a Promise: the same arguments read now, the store's work on one of
    /// the binding's worker threads; rejects with the same `.code` and `.kind`.
    #[napi({napi_attr})]
    pub fn {name}_async(&self, env: Env, {params.strip().split(',', 2)[2].strip() if params.count(',') >= 2 else ''}) -> napi::Result<Work<{ret}>> {{
        self.spawn(&env, || {{
            {prep}
            Ok(move |ws: &core::Workspace| -> Result<{ret}> {{ {core_body} }})
        }})
    }}
''')

header = '''//! The Promise forms (`…Async`) of the workspace's methods: arguments are read on the main
//! thread as the blocking form reads them, then the store's work runs on one of the binding's
//! worker threads (`Work`, one type for every method; see `work.rs` for why not libuv's), so a
//! service's event loop never waits on a store.
//! Each rejects with the same `.code` and `.kind` as its blocking form (a bad argument rejects
//! too); a panic on the worker is `INTERNAL` (R1), never an abort.
//!
//! GENERATED from the blocking methods by `bindings-node/scripts/gen-promises.py`: edit the
//! blocking method and run the script, never this file. __test__/promises.test.mjs checks that
//! the file is current and that every blocking method that reaches the store has its form.
#![allow(unused_imports, clippy::all)]
'''
parts = [header]
for f, methods_of in out.items():
    mod = f[:-3]
    parts.append(f'''
/// The Promise forms of the methods in `{f}`.
mod {mod}_forms {{
    use crate::convert::*;
    use crate::error::{{invalid, napi, Result}};
    use crate::types::*;
    use crate::work::Work;
    use crate::workspace::Workspace;
    use crate::workspace::*;
    use crate::{mod}::*;
    use napi::bindgen_prelude::{{AsyncTask, Buffer, ClassInstance, Env, FromNapiValue, JsValue, Unknown}};
    use napi_derive::napi;
    use orderlink as core;
    use serde_json::{{Map, Value}};
    use std::collections::HashMap;

    #[napi]
    impl Workspace {{
''' + '\n'.join(methods_of) + '''    }
}
''')
text = ''.join(parts)
open(OUT, 'w').write(text)
import subprocess
subprocess.run(['rustfmt', '--edition', '2021', '--config-path', os.path.join(SRC, '..', '..', 'rustfmt.toml'), OUT], check=True)
print('generated', len(out), 'skipped', skipped, file=sys.stderr)
