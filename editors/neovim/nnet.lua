-- nnet in Neovim (0.8+, built-in LSP client): put this file in ~/.config/nvim/plugin/ (or require it from init.lua),
-- with `nnetc` on PATH (a link to bin/nnetc of a built checkout). It adds the `nnet` file type and starts
-- `nnetc lsp` for it: diagnostics as you type, hover, go to definition, references, symbols, completion, quick fixes.
vim.filetype.add({ extension = { nnet = "nnet" } })

vim.api.nvim_create_autocmd("FileType", {
  pattern = "nnet",
  callback = function(args)
    vim.bo[args.buf].commentstring = "// %s"
    local root = vim.fs.find({ "pom.xml", ".git" }, { upward = true, path = vim.fs.dirname(args.file) })[1]
    vim.lsp.start({
      name = "nnet",
      cmd = { "nnetc", "lsp" },
      root_dir = root and vim.fs.dirname(root) or vim.fs.dirname(args.file),
    })
  end,
})
