-- Neovim end-to-end: start the standalone Verbatim language server, open a transcript, ask for
-- document symbols, a hover and diagnostics, write the answers as JSON to $VERBATIM_OUT, quit.
-- Works on Neovim 0.7 (Debian 12), which has vim.lsp.start_client but not vim.lsp.start.
local server = os.getenv("VERBATIM_SERVER")
local file = os.getenv("VERBATIM_FILE")
local out = os.getenv("VERBATIM_OUT")
local result = { errors = {} }

local function finish()
  local f = io.open(out, "w")
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd("qa!")
end

vim.cmd("edit " .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "verbatim",
  cmd = { "node", server, "--stdio" },
  root_dir = vim.fn.fnamemodify(file, ":h"),
})
if not client_id then
  table.insert(result.errors, "the server did not start")
  return finish()
end
vim.lsp.buf_attach_client(bufnr, client_id)

local ready = vim.wait(20000, function()
  local client = vim.lsp.get_client_by_id(client_id)
  return client ~= nil and client.initialized == true
end, 50)
if not ready then
  table.insert(result.errors, "the server did not initialise in 20 s")
  return finish()
end

local function request(method, params)
  local answers, err = vim.lsp.buf_request_sync(bufnr, method, params, 20000)
  if err then
    table.insert(result.errors, method .. ": " .. tostring(err))
    return nil
  end
  for _, answer in pairs(answers or {}) do
    if answer.error then table.insert(result.errors, method .. ": " .. vim.inspect(answer.error)) end
    return answer.result
  end
end

local doc = { uri = vim.uri_from_bufnr(bufnr) }
result.symbols = request("textDocument/documentSymbol", { textDocument = doc })
result.hover = request("textDocument/hover", { textDocument = doc, position = { line = 0, character = 2 } })
-- Diagnostics are pushed by the server: wait for them with a deadline.
vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
result.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  table.insert(result.diagnostics, { code = d.code, lnum = d.lnum, message = d.message })
end
finish()
