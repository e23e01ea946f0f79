"""The Streamlit layer, the only package that imports streamlit: data access and
caching, the sidebar, staff sign-in, building blocks, export buttons, the page shell and
the site map."""
