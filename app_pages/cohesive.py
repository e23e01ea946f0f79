from app_pages._pillar import render_pillar

render_pillar("cohesive")
