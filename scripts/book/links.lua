-- Pandoc filter for `make book`: rewrites the chapters' links for the HTML edition.
--
-- The site lives in book/, beside chapters/, so a chapter's `../Sources/...` link already
-- points at the checkout from book/ as well; those stay: they work offline and always show the
-- source of the same commit as the text (the repository names no forge URL). What changes:
--   NN-name.md[#frag]          -> NN-name.html[#frag]   (README.md -> index.html)
--   ../plots[/paper]/out/F.png -> figures[/paper]/F.svg (the copy inside the site; SVG if drawn)
--   ../plots/out/              -> figures/
--   an image alone in a paragraph becomes a figure with its alt text as caption
--   `Sources/.../File.swift:Symbol`, `File.swift`, `TypeName` (when TypeName.swift exists) and
--   `testSomething` in code spans become links to the source file in the checkout (../path).

local figures_out = "book" -- set from the metadata field book-dir

local function exists(path)
  local f = io.open(path, "r")
  if f then f:close() return true end
  return false
end

-- basename -> path for every tracked source file, and test method -> file.
local by_basename, by_test = {}, {}

local function index_sources()
  local list = io.popen("git ls-files Sources Tests 2>/dev/null || find Sources Tests -type f")
  for path in list:lines() do
    local base = path:match("([^/]+)$")
    if by_basename[base] == nil then by_basename[base] = path else by_basename[base] = false end
  end
  list:close()
  local grep = io.popen("grep -rnoE 'func test[A-Za-z0-9_]+' Tests 2>/dev/null")
  for line in grep:lines() do
    local path, name = line:match("^([^:]+):%d+:func (test[%w_]+)")
    if path then
      if by_test[name] == nil then by_test[name] = path else by_test[name] = false end
    end
  end
  grep:close()
end

local function rewrite_target(target)
  local page, frag = target:match("^([%w%-]+)%.md(#?.*)$")
  if page then
    if page == "README" then page = "index" end
    return page .. ".html" .. frag
  end
  local sub, name = target:match("^%.%./plots/(.-)out/([%w%-_]+)%.png$")
  if sub == nil then sub, name = target:match("^%.%./plots/(.-)out/([%w%-_]+)%.svg$") end
  if name and (sub == "" or sub == "paper/") then
    local dir = "figures/" .. sub
    if exists(figures_out .. "/" .. dir .. name .. ".svg") then return dir .. name .. ".svg" end
    return dir .. name .. ".png"
  end
  if target == "../plots/out/" or target == "../plots/out" then return "figures/" end
  return target
end

-- The checkout path a code span names, or nil.
local function source_path(text)
  local path = text:match("^((%a[%w_%-]*/[%w_%-%./]+))")
  if path and (path:match("^Sources/") or path:match("^Tests/") or path:match("^scripts/")
      or path:match("^plots/")) then
    path = path:gsub("/$", "")
    if exists(path) then return path end
    return nil
  end
  local base = text:match("^([%w_+]+%.swift)")
  if base and by_basename[base] then return by_basename[base] end
  local type_name = text:match("^(%u[%w_]+)$")  -- `Teleporter` -> the file Teleporter.swift
  if type_name and by_basename[type_name .. ".swift"] then return by_basename[type_name .. ".swift"] end
  local test = text:match("^(test[%w_]+)$")
  if test and by_test[test] then return by_test[test] end
  return nil
end

local function Code(el)
  local path = source_path(el.text)
  if path then
    return pandoc.Link({ el }, "../" .. path, "", { class = "source" })
  end
end

local function Link(el)
  -- A code span inside a link already became a link itself: keep only the outer one.
  local flat = {}
  for _, inline in ipairs(el.content) do
    if inline.t == "Link" then
      for _, inner in ipairs(inline.content) do table.insert(flat, inner) end
    else
      table.insert(flat, inline)
    end
  end
  el.content = flat
  el.target = rewrite_target(el.target)
  return el
end

local function Image(el)
  el.src = rewrite_target(el.src)
  return el
end

-- An image alone in its paragraph is a figure, captioned with its alt text.
local function Para(el)
  if #el.content ~= 1 or el.content[1].t ~= "Image" then return nil end
  local image = el.content[1]
  if pandoc.Figure then -- pandoc 3 has a Figure block
    return pandoc.Figure(pandoc.Plain({ image }), { pandoc.Plain(image.caption) })
  end
  if not image.title:match("^fig:") then image.title = "fig:" .. image.title end
  return el
end

return {
  { Meta = function(meta)
      if meta["book-dir"] then figures_out = pandoc.utils.stringify(meta["book-dir"]) end
      index_sources()
    end },
  { Code = Code },
  { Link = Link, Image = Image },
  { Para = Para },
}
